import { distributedLockContract, persistenceContracts } from '@codex-auth/domain/testing';
import { expect } from 'chai';
import { createDatabase, IN_MEMORY, type Database } from '../src/index.js';
import { createTestDatabase, truncateAll, type TestDatabase } from '../src/testing/index.js';
import {
  backends,
  closeBackend,
  requireServer,
  sharedPglite,
  STARTUP_TIMEOUT_MS,
} from './support/backends.js';

// The very suites the in-memory fakes pass, so that the fakes cannot drift from production.
// And through the socket the web process shares the embedded database on, as the CLI and worker reach it.
for (const backend of [...backends, sharedPglite]) {
  describe(`adapters-pg contracts on ${backend.name}`, function () {
    let db: Database | undefined;

    before(async function () {
      db = await backend.open(this);
    });

    after(async () => {
      await closeBackend(db);
    });

    persistenceContracts({ describe, it, beforeEach, afterEach }, async () => {
      if (db === undefined) throw new Error('database not open');
      await truncateAll(db.knex);
      return { uow: db.uow, outboxQueue: db.outboxQueue };
    });

    it('answers lookups by text Postgres cannot store (U+0000) with nothing, keeping the unit usable', async () => {
      await truncateAll(db!.knex);
      const nul = 'nul\u0000byte@example.com';
      const answers = await db!.uow.run(async (s) => [
        await s.users.findByEmail(nul),
        await s.users.list({ q: '\u0000', offset: 0, limit: 10 }),
        await s.resetTokens.findByHash('digest\u0000'),
        await s.users.count(),
      ]);
      expect(answers).to.deep.equal([null, { items: [], total: 0 }, null, 0]);
    });
  });
}

// The lock needs no schema. On PGlite one process holds the whole database, so its two holders are
// one Database; on a server, two Databases (two pools), as two worker processes would be.
describe('adapters-pg distributed lock on PGlite (embedded)', function () {
  let db: Database | undefined;

  before(async function () {
    this.timeout(STARTUP_TIMEOUT_MS);
    db = await createDatabase({ dataDir: IN_MEMORY });
  });

  after(async () => {
    await db?.close();
  });

  distributedLockContract({ describe, it }, async () => ({ one: db!, other: db! }));
});

describe('adapters-pg distributed lock on a PostgreSQL server', function () {
  let database: TestDatabase | undefined;
  let holders: Database[] = [];

  before(async function () {
    database = await createTestDatabase(await requireServer(this));
    holders = [await createDatabase({ url: database.url }), await createDatabase({ url: database.url })];
  });

  after(async () => {
    await Promise.all(holders.map((holder) => holder.close()));
    holders = [];
    await database?.drop();
  });

  distributedLockContract({ describe, it }, async () => ({ one: holders[0]!, other: holders[1]! }));
});
