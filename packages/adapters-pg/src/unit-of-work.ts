import type { TransactionScope, UnitOfWork } from '@codex-auth/domain';
import type { Knex } from 'knex';
import { classifyDatabaseError } from './errors.js';
import { PgOutbox } from './repositories/outbox.js';
import { PgPasswordResetTokenRepository } from './repositories/password-reset-token-repository.js';
import { PgRefreshTokenRepository } from './repositories/refresh-token-repository.js';
import { PgSessionRepository } from './repositories/session-repository.js';
import { PgUserRepository } from './repositories/user-repository.js';
import { Sql } from './sql.js';

/** The repositories of one transaction; every query they make goes through `trx`. */
export function transactionScope(trx: Knex.Transaction, prepare = false): TransactionScope {
  return scopeOver(Sql.forTransaction(trx, prepare));
}

function scopeOver(sql: Sql): TransactionScope {
  return {
    users: new PgUserRepository(sql),
    sessions: new PgSessionRepository(sql),
    refreshTokens: new PgRefreshTokenRepository(sql),
    resetTokens: new PgPasswordResetTokenRepository(sql),
    outbox: new PgOutbox(sql),
  };
}

/**
 * One knex transaction per `run`, at READ COMMITTED: the races the ports define are settled by row
 * locks and conditional updates, so stronger isolation would only add serialization retries.
 */
export class PgUnitOfWork implements UnitOfWork {
  constructor(
    private readonly knex: Knex,
    private readonly maxAttempts = 4,
    /** Send the hot statements prepared, straight through node-postgres (Postgres only). */
    private readonly prepare = false,
  ) {}

  /** Straight on the pool: a query outside a transaction is one round trip, no BEGIN or COMMIT. */
  async read<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    try {
      return await work(scopeOver(Sql.forPool(this.knex, this.prepare)));
    } catch (error) {
      throw classifyDatabaseError(error);
    }
  }

  async run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        // knex commits when the handler resolves, whatever it resolves to, and rolls back and
        // rethrows when it rejects; once settled, the trx refuses further queries.
        return await this.knex.transaction((trx) => work(transactionScope(trx, this.prepare)));
      } catch (error) {
        // A lost database surfaces as the port's StoreUnavailable, for drivers to answer "try later".
        if (attempt >= this.maxAttempts || !isRetryable(error)) throw classifyDatabaseError(error);
        // The transaction rolled back whole, so running it again is safe (the port's contract says
        // `work` acts only through the scope). Jitter keeps two victims from colliding again.
        await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt + Math.random() * 20));
      }
    }
  }
}

/** deadlock_detected and serialization_failure: Postgres asks the client to try again. */
const RETRYABLE = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}
