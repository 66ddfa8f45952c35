/**
 * Work to do after a transaction commits, written in that same transaction so it is neither lost
 * (the process dies after commit) nor done for a change that rolled back.
 */
export interface PasswordResetEmail {
  readonly type: 'password_reset_email';
  readonly to: string;
  /** The raw token: the one place it exists, until the email is sent (then adapters erase it). */
  readonly token: string;
  readonly expiresAt: string;
}

export type OutboxMessage = PasswordResetEmail;

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
