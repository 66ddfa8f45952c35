/**
 * The bench's own database: created fresh on BENCH_DATABASE_URL's server, seeded with plain SQL
 * where a million rows are needed (one password hash, made once by the service's hasher, reused),
 * and dropped at the end. Statistics are read through the maintenance connection, so the bench's
 * own queries do not count in the bench database's figures.
 */
import pg from 'pg';

export interface BenchDatabase {
  readonly url: string;
  readonly name: string;
  /** A connection to the bench database, for seeding. */
  readonly client: pg.Client;
  /** Committed + rolled back transactions in the bench database so far (pg_stat_database). */
  transactions(): Promise<number>;
  serverVersion(): Promise<string>;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string, suffix = ''): Promise<BenchDatabase> {
  const maintenance = new pg.Client({ connectionString: serverUrl });
  await maintenance.connect();
  const name = `codex_auth_bench_${process.pid}_${Date.now()}${suffix}`;
  await maintenance.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    name,
    client,
    async transactions() {
      // A fresh snapshot each time: stats are otherwise frozen for the rest of a transaction.
      await maintenance.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await maintenance.query<{ n: string }>(
        'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
        [name],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async serverVersion() {
      const { rows } = await maintenance.query<{ server_version: string }>('SHOW server_version');
      return rows[0]?.server_version ?? '?';
    },
    async drop() {
      await client.end().catch(() => undefined);
      await maintenance.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await maintenance.end();
    },
  };
}

/** Users `user<from>@example.com` … `user<to>@example.com`, approved, all with `passwordHash`. */
export async function insertUsers(
  client: pg.Client,
  from: number,
  to: number,
  passwordHash: string,
): Promise<void> {
  // One statement generated in the server: far faster than client-side batches (as in
  // adapters-pg/scripts/bench-user-list.ts).
  await client.query(
    `INSERT INTO users (id, email, password_hash, role, status, created_at, approved_at)
     SELECT md5('bench-user-' || i)::uuid, 'user' || i || '@example.com', $1, 'user', 'approved',
            timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second',
            timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second'
     FROM generate_series($2::int, $3::int) AS i`,
    [passwordHash, from, to],
  );
  // What autovacuum would have done by the time anyone searches: statistics and a visibility map.
  await client.query('VACUUM ANALYZE users');
}

/**
 * `count` refresh tokens of `userId` that expired 23 days ago, spread over sessions that ended
 * then too: what the clean-up finds after a quiet month.
 */
export async function insertExpiredTokens(client: pg.Client, userId: string, count: number): Promise<void> {
  const sessions = Math.max(1, Math.ceil(count / 1000));
  await client.query(
    `INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at)
     SELECT md5('bench-session-' || s)::uuid, $1, now() - interval '30 days', now() - interval '30 days',
            now() - interval '23 days'
     FROM generate_series(1, $2::int) AS s`,
    [userId, sessions],
  );
  await client.query(
    `INSERT INTO refresh_tokens (jti, session_id, user_id, created_at, expires_at)
     SELECT gen_random_uuid(), md5('bench-session-' || (1 + i % $2::int))::uuid, $1,
            now() - interval '30 days', now() - interval '23 days'
     FROM generate_series(1, $3::int) AS i`,
    [userId, sessions, count],
  );
  await client.query('VACUUM ANALYZE refresh_tokens');
}

/**
 * The reference server's table, in a database of its own so that its queries never count in the
 * service database's transaction figures: the same users (same ids, so the service's access tokens
 * name them), only the columns /me returns.
 */
export async function createReferenceUsers(client: pg.Client, count: number): Promise<void> {
  await client.query(
    `CREATE TABLE users (
       id uuid PRIMARY KEY, email text NOT NULL, role text NOT NULL, status text NOT NULL,
       created_at timestamptz NOT NULL, approved_at timestamptz)`,
  );
  await client.query(
    `INSERT INTO users (id, email, role, status, created_at, approved_at)
     SELECT md5('bench-user-' || i)::uuid, 'user' || i || '@example.com', 'user', 'approved',
            timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second',
            timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second'
     FROM generate_series(1, $1::int) AS i`,
    [count],
  );
  await client.query('VACUUM ANALYZE users');
}
