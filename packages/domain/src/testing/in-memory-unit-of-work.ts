import type { TransactionScope, UnitOfWork } from '../ports/unit-of-work.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import {
  InMemoryOutbox,
  InMemoryPasswordResetTokenRepository,
  InMemoryRefreshTokenRepository,
  InMemorySessionRepository,
  InMemoryUserRepository,
} from './in-memory-repositories.js';

export class InMemoryUnitOfWork implements UnitOfWork {
  constructor(private readonly db: InMemoryDatabase) {}

  /** The same as `run` here: in memory a read costs no round trip either way. */
  read<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    return this.scoped(work);
  }

  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    return this.scoped(work);
  }

  private scoped<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    return this.db.exclusive(async () => {
      // Like a real transaction, the scope dies with it: a use after the end is a bug we want loud.
      let open = true;
      const guard = () => {
        if (!open) throw new Error('transaction scope used after its unit of work ended');
      };
      const scope: TransactionScope = {
        users: new InMemoryUserRepository(this.db, guard),
        sessions: new InMemorySessionRepository(this.db, guard),
        refreshTokens: new InMemoryRefreshTokenRepository(this.db, guard),
        resetTokens: new InMemoryPasswordResetTokenRepository(this.db, guard),
        outbox: new InMemoryOutbox(this.db, guard),
      };
      try {
        return await work(scope);
      } finally {
        open = false;
      }
    });
  }
}
