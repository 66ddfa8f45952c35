import type { PasswordResetToken } from '../model/password-reset-token.js';

export interface PasswordResetTokenRepository {
  add(token: PasswordResetToken): Promise<void>;
  findByHash(tokenHash: string): Promise<PasswordResetToken | null>;
  /** Single use: true only for the one call that found it unused. */
  markUsed(id: string, at: Date): Promise<boolean>;
  /**
   * Makes the user's unused tokens unusable (used at `at`) but keeps them, so they still count in
   * `countCreatedSince`; returns how many.
   */
  revokeForUser(userId: string, at: Date): Promise<number>;
  /** How many tokens were made for the user at or after `since`, used, revoked or not. */
  countCreatedSince(userId: string, since: Date): Promise<number>;
  /** Removes the user's tokens but `exceptId`; returns how many. */
  deleteForUser(userId: string, exceptId?: string): Promise<number>;
  /** Deletes up to `limit` tokens used or expired before `cutoff`; returns how many. */
  deleteFinishedBefore(cutoff: Date, limit: number): Promise<number>;
}
