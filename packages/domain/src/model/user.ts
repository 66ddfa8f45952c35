import type { Role } from './role.js';
import type { UserStatus } from './user-status.js';

/**
 * An account. Immutable: use cases derive a changed copy and hand it to the repository.
 * `email` is stored normalised (trimmed, lower-case) but not re-validated on load: accounts moved
 * over from the seed may carry addresses that today's rules would refuse, and must still log in.
 */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly status: UserStatus;
  readonly createdAt: Date;
  readonly approvedAt: Date | null;
  /** Access tokens issued (`iat`) before this instant are refused, whatever their session. */
  readonly tokensValidAfter: Date | null;
}

/** What clients may see of a user: never the hash. */
export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly status: UserStatus;
  readonly createdAt: Date;
  readonly approvedAt: Date | null;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    status: user.status,
    createdAt: user.createdAt,
    approvedAt: user.approvedAt,
  };
}

export function isActiveAdmin(user: User): boolean {
  return user.role === 'admin' && user.status === 'approved';
}

/** Approval keeps the first approval time, so re-approving is idempotent. */
export function approve(user: User, at: Date): User {
  return { ...user, status: 'approved', approvedAt: user.approvedAt ?? at };
}

/**
 * JWT `iat` has whole seconds, so the cut-off is truncated to the second: a token issued in the
 * same second as the cut-off is accepted (its session, revoked with it, still stops it).
 */
export function truncateToSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}
