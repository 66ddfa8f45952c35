import type { Locale } from './locale.js';

/**
 * Work to do after a transaction commits, written in that same transaction so it is neither lost
 * (the process dies after commit) nor done for a change that rolled back.
 */

/**
 * Someone asked for a reset link for `email`. Queued for every well-formed address alike, so the
 * request costs the same whoever owns the address; the worker decides whether a link is issued.
 */
export interface PasswordResetRequested {
  readonly type: 'password_reset_requested';
  readonly email: string;
}

/**
 * A reset link to send. The token is sealed (`SecretSealer`): a database dump or backup taken while
 * the email waits yields no working link. Adapters erase it once the job is finished.
 */
export interface PasswordResetEmail {
  readonly type: 'password_reset_email';
  readonly to: string;
  readonly sealedToken: string;
  readonly expiresAt: string;
  /** The account's language when the link was issued; absent in jobs queued before locales (`en`). */
  readonly locale?: Locale;
}

/**
 * What releases before sealing queued: the raw token. Still delivered (and then erased), so an
 * upgrade with emails in the queue loses none.
 */
export interface LegacyPasswordResetEmail {
  readonly type: 'password_reset_email';
  readonly to: string;
  readonly token: string;
  readonly expiresAt: string;
}

export type OutboxMessage = PasswordResetRequested | PasswordResetEmail | LegacyPasswordResetEmail;

export interface NewOutboxJob {
  readonly id: string;
  readonly message: OutboxMessage;
  readonly createdAt: Date;
}

export type OutboxJobState = 'pending' | 'done' | 'failed';

export interface OutboxJob {
  readonly id: string;
  readonly message: OutboxMessage;
  readonly createdAt: Date;
  /** Claims made so far, including the one in hand. */
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  /** Until when the worker that claimed it owns it; past that, another worker may claim it again. */
  readonly lockedUntil: Date | null;
  readonly lastError: string | null;
  readonly doneAt: Date | null;
  readonly failedAt: Date | null;
}
