import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { pgClientConfig } from '../database.js';
import { parseDatabaseUrl } from '../database-url.js';

export const SKIP_REAL_POSTGRES = 'skipped real Postgres: set TEST_DATABASE_URL or start Docker';

export interface TestServer {
  /** A URL of the server (any database on it); tests create their own databases from it. */
  readonly url: string;
  readonly source: 'TEST_DATABASE_URL' | 'testcontainers';
}

let server: Promise<TestServer | null> | undefined;
let skipAnnounced = false;

/**
 * The Postgres server tests may use: `TEST_DATABASE_URL`, else a container when a Docker engine
 * answers, else null. Decided once per process; the container is reaped by testcontainers when
 * the process exits.
 */
export function findTestServer(env: NodeJS.ProcessEnv = process.env): Promise<TestServer | null> {
  server ??= locate(env);
  return server;
}

/** Prints the skip line once per process, however many suites skip. */
export function announceSkip(
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): void {
  if (skipAnnounced) return;
  skipAnnounced = true;
  log(SKIP_REAL_POSTGRES);
}

async function locate(env: NodeJS.ProcessEnv): Promise<TestServer | null> {
  const url = env['TEST_DATABASE_URL'];
  if (url !== undefined && url !== '') return { url, source: 'TEST_DATABASE_URL' };
  try {
    // Imported only here: it is a development dependency, and a slow import.
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:15-alpine').start();
    return { url: container.getConnectionUri(), source: 'testcontainers' };
  } catch {
    // No Docker engine (or no testcontainers installed): the caller skips.
    return null;
  }
}

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A new, empty database with a random name on the server of `serverUrl`. */
export async function createTestDatabase(
  serverUrl: string,
  prefix = 'codex_auth_test',
): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    // FORCE: a pool that is still winding down must not keep the database alive.
    drop: () =>
      onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

export interface FreshDatabase {
  readonly kind: 'postgres' | 'embedded';
  /** The new database's URL on the test server; undefined: use the embedded database in `dataDir`. */
  readonly url: string | undefined;
  /** A new temporary directory: the DATA_DIR of the code under test (the embedded database's home). */
  readonly dataDir: string;
  /** Drops the database (if one was made) and removes the directory. */
  dispose(): Promise<void>;
}

/**
 * The one way tests open a fresh, empty database: a new one on the test server (`findTestServer`),
 * else the embedded database in a new temporary directory, so a suite needs nothing installed.
 * `prefix` names both (dashes become underscores in the database's name).
 */
export async function openTestDatabase(prefix: string): Promise<FreshDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const server = await findTestServer();
  const database =
    server === null ? undefined : await createTestDatabase(server.url, prefix.replace(/-/g, '_'));
  return {
    kind: database === undefined ? 'embedded' : 'postgres',
    url: database?.url,
    dataDir,
    async dispose() {
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgClientConfig(parseDatabaseUrl(serverUrl)));
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const TABLES = ['users', 'sessions', 'refresh_tokens', 'password_reset_tokens', 'outbox'] as const;

/** Empties every table: between tests, much faster than migrating a new database. */
export async function truncateAll(knex: Knex): Promise<void> {
  await knex.raw(`TRUNCATE ${TABLES.join(', ')}`);
}
