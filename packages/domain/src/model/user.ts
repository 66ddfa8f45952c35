import type { Email } from './email.js';
import { DEFAULT_LOCALE, isLocale, type Locale } from './locale.js';
import { isRole, type Role } from './role.js';
import { isSettableStatus, type SettableStatus, type UserStatus } from './user-status.js';

/**
 * An account. Immutable plain data, as the repositories load and store it: its changes are the
 * transitions on the `User` object below, each of which returns a changed copy (or the same user
 * when nothing changes, so a caller can skip the write) for the use case to hand to the repository.
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
  /** The language of the emails the account gets. Not part of `UserView`: the API's user has no such field. */
  readonly locale: Locale;
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

/**
 * Whether a change takes the user's access away (leaving `approved`), so their sessions must end.
 * Whether it takes away the last active admin needs a count of the others and so is checked by the
 * use cases (`use-cases/shared/last-admin.ts`), under the repository's lock.
 */
export function losesAccess(before: User, after: User): boolean {
  return before.status === 'approved' && after.status !== 'approved';
}

export interface NewAccount {
  readonly id: string;
  /** A parsed `Email`: a new account must meet today's rules, a loaded one need not. */
  readonly email: Email;
  readonly passwordHash: string;
  readonly role: Role;
  /** Self-service sign-up waits as `pending`; an account an admin or operator opens is `approved`. */
  readonly status: 'pending' | 'approved';
  readonly at: Date;
  /** `DEFAULT_LOCALE` when absent. */
  readonly locale?: Locale;
}

/** A new account; an approved one is approved at its creation. */
export function create(account: NewAccount): User {
  assertRole(account.role);
  assertHash(account.passwordHash);
  const locale = account.locale ?? DEFAULT_LOCALE;
  // The use cases validate input first; this catches a caller that skipped it.
  if (!isLocale(locale)) throw new RangeError(`unknown locale ${String(locale)}`);
  return {
    id: account.id,
    email: account.email.value,
    passwordHash: account.passwordHash,
    role: account.role,
    status: account.status,
    createdAt: account.at,
    approvedAt: account.status === 'approved' ? account.at : null,
    tokensValidAfter: null,
    locale,
  };
}

/** Approval keeps the first approval time, so re-approving is idempotent. */
export function approve(user: User, at: Date): User {
  if (user.status === 'approved') return user;
  return { ...user, status: 'approved', approvedAt: user.approvedAt ?? at };
}

/** A disabled (or any other) user approved again by an admin: approval, first approval time kept. */
export function enable(user: User, at: Date): User {
  return approve(user, at);
}

/** From any status. The approval time stays as history; the use case ends the sessions. */
export function reject(user: User): User {
  return user.status === 'rejected' ? user : { ...user, status: 'rejected' };
}

/** From any status. The approval time stays, so enabling again keeps it. */
export function disable(user: User): User {
  return user.status === 'disabled' ? user : { ...user, status: 'disabled' };
}

/** An admin's status change: only to a status an admin may set directly (`SETTABLE_STATUSES`). */
export function setStatus(user: User, status: SettableStatus, at: Date): User {
  if (!isSettableStatus(status)) throw new RangeError(`status ${String(status)} cannot be set directly`);
  return status === 'approved' ? enable(user, at) : disable(user);
}

/** No revocation needed: authorization reads the stored role on every request. */
export function changeRole(user: User, role: Role): User {
  assertRole(role);
  return role === user.role ? user : { ...user, role };
}

export interface SetPasswordOptions {
  /**
   * Refuse access tokens issued before this instant, whatever their session: for a password set by
   * a reset or an operator, where whoever knew the old one must be logged out. Left out when the
   * caller keeps its own session (a change of password) or the password is the same (a rehash).
   */
  readonly invalidateTokensAt?: Date;
}

/** Replaces the password hash (hashing is the caller's: it is slow and needs a port). */
export function setPassword(user: User, passwordHash: string, options: SetPasswordOptions = {}): User {
  assertHash(passwordHash);
  const { invalidateTokensAt } = options;
  const next = { ...user, passwordHash };
  return invalidateTokensAt === undefined ? next : invalidateTokens(next, invalidateTokensAt);
}

/**
 * Access tokens issued before `at` (to the second) stop working, whatever their session: logout
 * everywhere, a reset, an operator's new password. The use case also revokes the sessions.
 */
export function invalidateTokens(user: User, at: Date): User {
  return { ...user, tokensValidAfter: truncateToSecond(at) };
}

/** Whether an access token issued at `issuedAt` predates the user's cut-off. */
export function acceptsTokenIssuedAt(user: User, issuedAt: Date): boolean {
  return user.tokensValidAfter === null || issuedAt.getTime() >= user.tokensValidAfter.getTime();
}

function assertRole(role: Role): void {
  // The use cases validate input first; this catches a caller that skipped it.
  if (!isRole(role)) throw new RangeError(`unknown role ${String(role)}`);
}

function assertHash(passwordHash: string): void {
  // An empty hash verifies nothing and would lock the account out without saying why.
  if (typeof passwordHash !== 'string' || passwordHash === '') throw new TypeError('password hash is empty');
}

/**
 * JWT `iat` has whole seconds, so the cut-off is truncated to the second: a token issued in the
 * same second as the cut-off is accepted (its session, revoked with it, still stops it).
 */
export function truncateToSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/**
 * The account's behaviour, beside its type of the same name: `User.approve(user, now)`. Every
 * change of an account's state goes through these, so its rules live in one place.
 */
export const User = Object.freeze({
  create,
  approve,
  enable,
  reject,
  disable,
  setStatus,
  changeRole,
  setPassword,
  invalidateTokens,
  acceptsTokenIssuedAt,
  isActiveAdmin,
  losesAccess,
  toView: toUserView,
});
