import { expect } from 'chai';
import { migrations, createDatabase, type Database } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';
import { requireServer } from './support/backends.js';

const id = (n: number, group: number) =>
  `${String(group).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T0 = new Date('2026-03-01T12:00:00Z');

/** Several processes' worth of pools on one real database: what PGlite's single connection cannot show. */
describe('adapters-pg under concurrency on a PostgreSQL server', function () {
  let database: TestDatabase | undefined;
  let workers: Database[] = [];

  before(async function () {
    const server = await requireServer(this);
    database = await createTestDatabase(server);
    // Two "processes" migrating at once: the advisory lock makes the second wait, not fail.
    workers = await Promise.all([1, 2].map(() => createDatabase({ url: database!.url, poolMax: 10 })));
    const applied = await Promise.all(workers.map((w) => w.migrateLatest()));
    expect(applied.map((names) => names.length).sort()).to.deep.equal([0, migrations.length]);
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
    await database?.drop();
  });

  it('lets exactly one of 20 concurrent spends win, across several connections', async () => {
    const [db] = workers as [Database];
    await db.uow.run(async (s) => {
      await s.users.add({
        id: id(1, 1),
        email: 'race@example.com',
        passwordHash: 'h',
        role: 'user',
        status: 'approved',
        createdAt: T0,
        approvedAt: T0,
        tokensValidAfter: null,
        locale: 'en',
      });
      await s.sessions.add({
        id: id(1, 2),
        userId: id(1, 1),
        createdAt: T0,
        lastUsedAt: T0,
        expiresAt: new Date(T0.getTime() + 3_600_000),
        userAgent: null,
        ip: null,
        revokedAt: null,
      });
      await s.refreshTokens.add({
        jti: id(1, 3),
        sessionId: id(1, 2),
        userId: id(1, 1),
        parentJti: null,
        createdAt: T0,
        expiresAt: new Date(T0.getTime() + 3_600_000),
        spentAt: null,
        replacedBy: null,
        revokedAt: null,
      });
    });
    const pool = (db.knex.client as { pool: { numUsed(): number } }).pool;
    let busiest = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.uow.run(async (s) => {
          busiest = Math.max(busiest, pool.numUsed());
          return s.refreshTokens.markSpent(id(1, 3), T0, id(100 + i, 3));
        }),
      ),
    );
    expect(outcomes.filter(Boolean)).to.have.length(1);
    expect(busiest, 'the race really ran on several connections at once').to.be.greaterThan(1);
    const stored = await db.uow.run((s) => s.refreshTokens.findByJti(id(1, 3)));
    expect(stored?.replacedBy).to.equal(id(100 + outcomes.indexOf(true), 3));
  });

  it('never hands one job to two workers claiming side by side', async () => {
    const jobs = 300;
    await workers[0]!.uow.run(async (s) => {
      for (let n = 0; n < jobs; n++) {
        await s.outbox.enqueue({
          id: id(n, 5),
          createdAt: new Date(T0.getTime() + n),
          message: {
            type: 'password_reset_email',
            to: `p${n}@example.com`,
            token: `t${n}`,
            expiresAt: T0.toISOString(),
          },
        });
      }
    });
    const drain = async (worker: Database) => {
      const mine: string[] = [];
      for (;;) {
        // Several claim loops per worker, as a worker with concurrency would run.
        const batches = await Promise.all(
          [1, 2, 3].map(() =>
            worker.outboxQueue.claim({ now: new Date(T0.getTime() + 10_000), limit: 7, leaseMs: 60_000 }),
          ),
        );
        const claimed = batches.flat();
        if (claimed.length === 0) return mine;
        mine.push(...claimed.map((j) => j.id));
      }
    };
    const [a, b] = await Promise.all(workers.map(drain));
    const all = [...a!, ...b!];
    expect(new Set(all).size, 'no job twice').to.equal(all.length);
    expect(all.length, 'every job once').to.equal(jobs);
    expect(a!.length > 0 && b!.length > 0, 'both workers got work').to.equal(true);
  });

  it('runs a locked job on one worker only, and frees the lock afterwards', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = workers[0]!.withAdvisoryLock('cleanup', async () => {
      entered();
      await gate;
      return 'first';
    });
    await inside;
    expect(await workers[1]!.withAdvisoryLock('cleanup', async () => 'second')).to.deep.equal({
      acquired: false,
    });
    expect(await workers[1]!.withAdvisoryLock('other-job', async () => 'other')).to.deep.equal({
      acquired: true,
      value: 'other',
    });
    release();
    expect(await first).to.deep.equal({ acquired: true, value: 'first' });
    expect(await workers[1]!.withAdvisoryLock('cleanup', async () => 'later')).to.deep.equal({
      acquired: true,
      value: 'later',
    });
  });
});
