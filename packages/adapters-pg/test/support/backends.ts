import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, IN_MEMORY, type Database, type DatabaseOptions } from '../../src/index.js';
import {
  announceSkip,
  createTestDatabase,
  findTestServer,
  type TestDatabase,
} from '../../src/testing/index.js';

/** PGlite starts in a couple of seconds, wasm compile included; allow a slow CI machine more. */
export const STARTUP_TIMEOUT_MS = 60_000;

export interface OpenOptions extends Omit<DatabaseOptions, 'url' | 'dataDir'> {
  /** Default true: migrated to the latest version. */
  readonly migrate?: boolean;
}

export interface Backend {
  readonly name: string;
  /** A new, empty database; skips the calling suite when the backend is unavailable. */
  open(ctx: Mocha.Context, options?: OpenOptions): Promise<Database>;
}

/** Embedded PGlite, in memory: needs nothing installed. */
export const pglite: Backend = {
  name: 'PGlite (embedded, Postgres 18)',
  async open(ctx, { migrate = true, ...options } = {}) {
    ctx.timeout(STARTUP_TIMEOUT_MS);
    const db = await createDatabase({ ...options, dataDir: IN_MEMORY });
    if (migrate) await db.migrateLatest();
    return db;
  },
};

const created = new Map<Database, TestDatabase>();
/** For a client of a sharing database: the sharing one and its DATA_DIR, closed and removed with it. */
const shared = new Map<Database, { readonly host: Database; readonly dataDir: string }>();

/**
 * PGlite in a temporary DATA_DIR, opened by a "web process" that shares it; the database under test
 * is a second opener's, which reaches it through the socket with the `pg` driver.
 */
export const sharedPglite: Backend = {
  name: 'PGlite shared over its socket (pg driver)',
  async open(ctx, { migrate = true, ...options } = {}) {
    ctx.timeout(STARTUP_TIMEOUT_MS);
    const dataDir = mkdtempSync(join(tmpdir(), 'codex-auth-shared-'));
    const host = await createDatabase({ ...options, dataDir, share: true });
    const db = await createDatabase({ ...options, dataDir });
    shared.set(db, { host, dataDir });
    if (migrate) await db.migrateLatest();
    return db;
  },
};

/** A fresh database on the real server; skips the suite when there is none. */
export const postgres: Backend = {
  name: 'PostgreSQL server',
  async open(ctx, { migrate = true, ...options } = {}) {
    ctx.timeout(STARTUP_TIMEOUT_MS);
    const server = await findTestServer();
    if (server === null) {
      announceSkip();
      return ctx.skip();
    }
    const database = await createTestDatabase(server.url);
    const db = await createDatabase({ poolMax: 10, ...options, url: database.url });
    created.set(db, database);
    if (migrate) await db.migrateLatest();
    return db;
  },
};

/** Closes a database from `open`, dropping it if it was created on a server. */
export async function closeBackend(db: Database | undefined): Promise<void> {
  if (db === undefined) return;
  await db.close();
  const database = created.get(db);
  created.delete(db);
  await database?.drop();
  const host = shared.get(db);
  shared.delete(db);
  if (host !== undefined) {
    await host.host.close();
    rmSync(host.dataDir, { recursive: true, force: true });
  }
}

export const backends: readonly Backend[] = [pglite, postgres];

/** The server for suites that only make sense on real Postgres; skips the suite without one. */
export async function requireServer(ctx: Mocha.Context): Promise<string> {
  ctx.timeout(STARTUP_TIMEOUT_MS);
  const server = await findTestServer();
  if (server === null) {
    announceSkip();
    return ctx.skip();
  }
  return server.url;
}
