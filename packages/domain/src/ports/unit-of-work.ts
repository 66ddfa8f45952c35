import type { Outbox } from './outbox.js';
import type { PasswordResetTokenRepository } from './password-reset-token-repository.js';
import type { RefreshTokenRepository } from './refresh-token-repository.js';
import type { SessionRepository } from './session-repository.js';
import type { UserRepository } from './user-repository.js';

/** The repositories, bound to one transaction. */
export interface TransactionScope {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly resetTokens: PasswordResetTokenRepository;
  readonly outbox: Outbox;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction. It commits when `work` returns, whatever it returns (an expected
   * failure may still need its writes, e.g. revoking a session on refresh-token reuse), and rolls
   * back when `work` throws. Do not nest calls, and do not use the scope after `work` has settled.
   *
   * An implementation may run `work` again, in a new transaction, when the database aborted the
   * first for a reason that a retry cures (a deadlock, a serialization failure). So `work` must act
   * only through the scope: record events and other side effects after `run` returns.
   */
  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
  /**
   * Runs read-only `work` without opening a transaction: each query sees what was committed when it
   * ran, on its own. For a single query (authenticating a request), or reads that need not agree
   * with each other; `work` must not write. Saves the BEGIN and COMMIT round trips on the hottest
   * path; not retried.
   */
  read<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
}
