import type { OutboxJob } from '../model/outbox-job.js';
import type { PasswordResetToken } from '../model/password-reset-token.js';
import type { RefreshToken } from '../model/refresh-token.js';
import type { Session } from '../model/session.js';
import type { User } from '../model/user.js';

export interface Tables {
  users: Map<string, User>;
  /** The confusable skeleton a user was added with, by user id (the `email_skeleton` column). */
  emailSkeletons: Map<string, string>;
  sessions: Map<string, Session>;
  refreshTokens: Map<string, RefreshToken>;
  resetTokens: Map<string, PasswordResetToken>;
  outbox: Map<string, OutboxJob>;
}

/**
 * The state behind every in-memory adapter. Rows are immutable objects, so a snapshot is a shallow
 * copy of each map: cheap enough to take for every transaction.
 *
 * Transactions run one at a time (a promise-chain mutex), which makes them serializable: the
 * strongest isolation, the same answers a locking database gives for the races our ports define.
 */
export class InMemoryDatabase {
  tables: Tables = {
    users: new Map(),
    emailSkeletons: new Map(),
    sessions: new Map(),
    refreshTokens: new Map(),
    resetTokens: new Map(),
    outbox: new Map(),
  };

  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` alone; restores the tables if it throws. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(async () => {
      const snapshot = this.snapshot();
      try {
        return await work();
      } catch (error) {
        this.tables = snapshot;
        throw error;
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private snapshot(): Tables {
    const t = this.tables;
    return {
      users: new Map(t.users),
      emailSkeletons: new Map(t.emailSkeletons),
      sessions: new Map(t.sessions),
      refreshTokens: new Map(t.refreshTokens),
      resetTokens: new Map(t.resetTokens),
      outbox: new Map(t.outbox),
    };
  }
}
