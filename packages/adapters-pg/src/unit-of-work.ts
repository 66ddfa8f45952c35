import type { TransactionScope, UnitOfWork } from '@codex-auth/domain';
import type { Knex } from 'knex';
import { PgOutbox } from './repositories/outbox.js';
import { PgPasswordResetTokenRepository } from './repositories/password-reset-token-repository.js';
import { PgRefreshTokenRepository } from './repositories/refresh-token-repository.js';
import { PgSessionRepository } from './repositories/session-repository.js';
import { PgUserRepository } from './repositories/user-repository.js';
import { Sql } from './sql.js';

/** The repositories of one transaction; every query they make goes through `trx`. */
export function transactionScope(trx: Knex.Transaction): TransactionScope {
  const sql = Sql.forTransaction(trx);
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
  constructor(private readonly knex: Knex) {}

  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    // knex commits when the handler resolves, whatever it resolves to, and rolls back and rethrows
    // when it rejects; once settled, the trx refuses further queries, so a stray scope fails loudly.
    return this.knex.transaction((trx) => work(transactionScope(trx)));
  }
}
