import type { User } from '../model/user.js';
import type { UserStatus } from '../model/user-status.js';

export interface UserListQuery {
  readonly status?: UserStatus;
  /** Case-insensitive substring of the email; `%` and `_` are literal characters. */
  readonly q?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface UserListPage {
  readonly items: readonly User[];
  readonly total: number;
}

/**
 * `email_confusable`: another account's email has the same confusable skeleton (Unicode TR39), so
 * the two would look alike.
 */
export type AddUserOutcome = 'added' | 'email_taken' | 'email_confusable';

export interface UserRepository {
  /**
   * Emails are unique case-insensitively; a clash is an outcome, never an exception. With an
   * `emailSkeleton` (see `Email.skeletonOf`), the user is added only if no stored user has that
   * skeleton, atomically, so two concurrent sign-ups of lookalikes cannot both succeed. A user added
   * without one takes no part in that check (test data; a sign-up always gives one). An exact
   * clash answers `email_taken` even when the skeletons clash too.
   */
  add(user: User, emailSkeleton?: string): Promise<AddUserOutcome>;
  /** Saves everything but `id`, `email` and `createdAt`. */
  update(user: User): Promise<void>;
  findById(id: string): Promise<User | null>;
  /**
   * Like findById, and inside a unit of work it locks the row until the unit ends. Use it to read a
   * user you are about to `update`: `update` writes the whole row, so without the lock a concurrent
   * change (a new password, say) made between the read and the write would be silently undone.
   */
  findByIdForUpdate(id: string): Promise<User | null>;
  /** Matches case-insensitively and ignores surrounding white space. */
  findByEmail(email: string): Promise<User | null>;
  /** Ordered by `createdAt`, then `id`. */
  list(query: UserListQuery): Promise<UserListPage>;
  count(): Promise<number>;
  /**
   * Approved admins. Inside a unit of work, implementations lock those rows until it ends, so two
   * concurrent demotions of the last two admins cannot both succeed.
   */
  countActiveAdmins(): Promise<number>;
}
