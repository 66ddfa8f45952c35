/**
 * Seeds a fresh database with 1 000 000 users and times the admin list (`GET /users?q=…`) through
 * the repository, as the HTTP layer calls it. Not a test: run by hand with `pnpm run bench`.
 *
 *   pnpm --filter @codex-auth/adapters-pg run bench [server-url]
 *
 * The URL (default TEST_DATABASE_URL) names a server; the bench creates its own database there
 * and drops it at the end.
 */
import { cpus, totalmem } from 'node:os';
import type { UserListQuery } from '@codex-auth/domain';
import { createDatabase } from '../src/index.js';
import { userListQuery } from '../src/repositories/user-repository.js';
import { createTestDatabase } from '../src/testing/index.js';

const USERS = Number(process.env['BENCH_USERS'] ?? 1_000_000);
const RUNS = 30;

const CASES: readonly { label: string; query: Omit<UserListQuery, 'offset' | 'limit'> }[] = [
  { label: "q='user12345' (11 matches)", query: { q: 'user12345' } },
  { label: "q='user12345', status=approved", query: { q: 'user12345', status: 'approved' } },
  { label: "q='user1' (~111 000 matches)", query: { q: 'user1' } },
  { label: "q='@example.com' (every user)", query: { q: '@example.com' } },
  { label: 'no q, status=pending (250 000)', query: { status: 'pending' } },
  { label: "q='no-such-user' (no match)", query: { q: 'no-such-user' } },
];

async function main(): Promise<void> {
  const server = process.argv[2] ?? process.env['TEST_DATABASE_URL'];
  if (server === undefined || server === '') {
    console.error('usage: bench [postgres://server-url] (or set TEST_DATABASE_URL)');
    process.exitCode = 2;
    return;
  }
  const database = await createTestDatabase(server, 'codex_auth_bench');
  const db = await createDatabase({ url: database.url, poolMax: 2 });
  try {
    await db.migrateLatest();
    const version = (await db.knex.raw('SHOW server_version')) as { rows: { server_version: string }[] };
    console.log(
      `PostgreSQL ${version.rows[0]?.server_version}; ${cpus().length} × ${cpus()[0]?.model}; ${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    );

    let started = performance.now();
    // One statement, generated in the server: far faster than any client-side batching.
    await db.knex.raw(
      `INSERT INTO users (id, email, password_hash, role, status, created_at, approved_at)
       SELECT md5(i::text)::uuid,
              'user' || i || '@example.com',
              '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
              CASE WHEN i % 1000 = 0 THEN 'admin' ELSE 'user' END,
              (ARRAY['pending', 'approved', 'rejected', 'disabled'])[1 + i % 4],
              timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second',
              NULL
       FROM generate_series(1, ?::int) AS i`,
      [USERS],
    );
    // What autovacuum would have done by the time anyone searches: statistics and a visibility map.
    await db.knex.raw('VACUUM ANALYZE users');
    console.log(
      `seeded ${USERS.toLocaleString('en')} users in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );

    console.log(
      `list through PgUserRepository.list (page 1, per_page 10: page query + count), ${RUNS} runs after warm-up`,
    );
    console.log(
      'case'.padEnd(40),
      'median ms'.padStart(10),
      'p95 ms'.padStart(8),
      'max ms'.padStart(8),
      'total'.padStart(9),
    );
    for (const { label, query } of CASES) {
      const full: UserListQuery = { ...query, offset: 0, limit: 10 };
      for (let i = 0; i < 3; i++) await db.uow.run((s) => s.users.list(full));
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS; i++) {
        started = performance.now();
        total = (await db.uow.run((s) => s.users.list(full))).total;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
      console.log(
        label.padEnd(40),
        at(0.5).padStart(10),
        at(0.95).padStart(8),
        at(1).padStart(8),
        String(total).padStart(9),
      );
    }

    for (const q of ['user12345', 'user1', '@example.com']) {
      console.log(`\nplans for q='${q}':`);
      for (const builder of [
        userListQuery(db.knex, { q }).select('id').orderBy(['created_at', 'id']).limit(10),
        userListQuery(db.knex, { q }).count('* as total'),
      ]) {
        const { sql, bindings } = builder.toSQL();
        const plan = (await db.knex.raw(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, bindings)) as {
          rows: Record<string, string>[];
        };
        console.log(plan.rows.map((r) => `  ${Object.values(r)[0]}`).join('\n'));
      }
    }
  } finally {
    await db.close();
    await database.drop();
  }
}

await main();
