import type {
  DistributedLock,
  EmailCanonicalizer,
  LockOutcome,
  MigrationStatus,
  OutboxQueue,
  SchemaMigrations,
  StorageDescription,
  UnitOfWork,
} from '@codex-auth/domain';
import knexFactory, { type Knex } from 'knex';
import type pg from 'pg';
import { LocalLocks, withServerAdvisoryLock, withServerAdvisoryLockWait } from './advisory-lock.js';
import { parseDatabaseUrl, sslOptions, type DatabaseUrl } from './database-url.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type ClientPgLite from 'knex-pglite';
import type { EmbeddedDatabaseInUse } from './embedded.js';
import type { Endpoint } from './embedded-socket.js';
import type { SessionGate } from './session-gate.js';
import { classifying, keepQueryTextOutOfErrors } from './errors.js';
import { MIGRATIONS_TABLE, migrationSourceFor } from './migrations/index.js';
import { PgOutboxQueue } from './repositories/outbox-queue.js';
import { Sql } from './sql.js';
import { PgUnitOfWork } from './unit-of-work.js';

export const DEFAULT_DATA_DIR = './.data';
export const DEFAULT_POOL_MAX = 10;
export const DEFAULT_PING_TIMEOUT_MS = 1500;
/**
 * Long enough for a connect over a slow network, short enough that a dead database fails a request
 * (a 503) rather than holding it until the request timeout. `DATABASE_CONNECT_TIMEOUT`.
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export interface DatabaseOptions {
  /** `DATABASE_URL`. Without it, the embedded database in `dataDir`. */
  readonly url?: string | undefined;
  /** `DATA_DIR`, default `./.data`; the embedded data goes to `<dataDir>/pglite`. `memory://` keeps it in memory. */
  readonly dataDir?: string | undefined;
  /** Connections in the pool (`DATABASE_POOL_MAX`), default 10. The embedded database has one. */
  readonly poolMax?: number | undefined;
  /** Production: migrations only go forward, and the rollback methods refuse. */
  readonly forwardOnly?: boolean | undefined;
  /** How long a new connection may take (`DATABASE_CONNECT_TIMEOUT`); the URL's `connect_timeout` wins. */
  readonly connectTimeoutMs?: number | undefined;
  /** Where knex's own warnings go (failed connection attempts, say); default the console. */
  readonly log?: Knex.Logger | undefined;
  /**
   * The canonicalizer the use cases use: migration 0009 computes existing users' email skeletons
   * with it. Without one, that migration refuses a database that has users.
   */
  readonly emails?: EmailCanonicalizer | undefined;
  /**
   * Embedded only: serve the database, while this process holds it, to this user's other processes
   * (the CLI, the worker) over a private Unix socket. The web process does. A process without it that
   * finds the database held by a sharing process connects through that socket instead of failing.
   */
  readonly share?: boolean | undefined;
  /** How long a client of the socket may keep the one session before it is disconnected (tests). */
  readonly shareHoldLimitMs?: number | undefined;
  /** `share` could not start (no Unix sockets here): the database is open, unshared; this hears why. */
  readonly onShareFailed?: ((error: Error) => void) | undefined;
}

export type { MigrationStatus };

/**
 * The domain's ports for the processes around the use cases (schema, storage description, lock),
 * plus what only the composition and the adapter's own tests reach: knex, close, the rollbacks.
 */
export interface Database extends SchemaMigrations, StorageDescription, DistributedLock {
  readonly knex: Knex;
  readonly uow: UnitOfWork;
  readonly outboxQueue: OutboxQueue;
  /** Undoes every migration (development only). */
  rollbackAll(): Promise<readonly string[]>;
  close(): Promise<void>;
}

export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return options.url === undefined || options.url === ''
    ? createEmbedded(options.dataDir ?? DEFAULT_DATA_DIR, options)
    : createPostgres(parseDatabaseUrl(options.url), options);
}

/** node-postgres settings for a parsed URL. Reads the `sslrootcert` file, if one is named. */
export function pgClientConfig(
  url: DatabaseUrl,
  connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
): pg.ClientConfig {
  return {
    host: url.host,
    port: url.port,
    user: url.user,
    password: url.password,
    database: url.database,
    ssl: sslOptions(url),
    application_name: url.applicationName ?? 'codex-auth',
    connectionTimeoutMillis:
      url.connectTimeoutSeconds === undefined ? connectTimeoutMs : url.connectTimeoutSeconds * 1000,
    // A peer that vanished without a FIN (a cut network) is noticed on idle pooled connections too.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

function createPostgres(url: DatabaseUrl, options: DatabaseOptions): Database {
  const poolMax = options.poolMax ?? DEFAULT_POOL_MAX;
  if (!Number.isSafeInteger(poolMax) || poolMax < 1) {
    throw new RangeError('poolMax must be a whole number of at least 1');
  }
  const config = pgClientConfig(url, options.connectTimeoutMs);
  const knex = knexFactory({
    client: 'pg',
    connection: config as Knex.PgConnectionConfig,
    // min 0: idle connections are closed rather than held against the server's limit. A connection
    // that died while idle (the database restarted) is flagged by knex and dropped on its next
    // acquire, and a failed connect fails the waiting query at once (knex propagates create errors)
    // instead of retrying until the acquire timeout: so a lost database answers fast, and the first
    // query after it is back opens a fresh connection.
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 30_000 },
    // Waiting for a free connection is bounded like connecting is: past that the request gets a 503.
    acquireConnectionTimeout: config.connectionTimeoutMillis ?? DEFAULT_CONNECT_TIMEOUT_MS,
    compileSqlOnError: false,
    ...(options.log && { log: options.log }),
  });
  return assemble({
    kind: 'postgres',
    location: url.display,
    knex,
    forwardOnly: options.forwardOnly === true,
    emails: options.emails,
    lock: (name, fn) => withServerAdvisoryLock(config, name, fn),
    exclusive: (fn) => withServerAdvisoryLockWait(config, 'migrations', fn),
    close: () => knex.destroy(),
  });
}

async function createEmbedded(dataDir: string, options: DatabaseOptions): Promise<Database> {
  // Loaded here, not at the top: PGlite, its knex dialect and the socket server cost a process on
  // Postgres several MiB of memory it would never use (docs/performance.md, "Memory at start").
  const [{ EmbeddedDatabaseInUse, openEmbedded }, { default: ClientPgLite }, { readEndpoint }] =
    await Promise.all([import('./embedded.js'), import('knex-pglite'), import('./embedded-socket.js')]);
  let embedded;
  try {
    embedded = await openEmbedded(dataDir, {
      share: options.share === true,
      ...(options.shareHoldLimitMs !== undefined && { holdLimitMs: options.shareHoldLimitMs }),
      ...(options.onShareFailed !== undefined && { onShareFailed: options.onShareFailed }),
    });
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseInUse)) throw error;
    const endpoint = readEndpoint(error.root);
    // The sharing process itself never becomes another's client: it would lose its database with them.
    if (options.share !== true && endpoint?.pid === error.holder) {
      return createThroughSocket(error.root, endpoint, options);
    }
    throw new Error(inUseAdvice(error, options.share === true), { cause: error });
  }
  const { gate } = embedded;
  const knex = knexFactory({
    client: gated(ClientPgLite, gate),
    dialect: 'postgres',
    // A provider function: knex would deep-copy an object, PGlite instance and all.
    connection: (() => ({ pglite: embedded.pglite })) as unknown as Knex.Config['connection'],
    compileSqlOnError: false,
    ...(options.log && { log: options.log }),
  });
  const locks = new LocalLocks();
  return assemble({
    kind: 'embedded',
    location: embedded.location,
    knex,
    forwardOnly: options.forwardOnly === true,
    emails: options.emails,
    lock: (name, fn) => locks.run(name, fn),
    exclusive: (fn) => fn(),
    close: async () => {
      try {
        // Clients first: knex's close closes PGlite itself.
        await embedded.stopSharing();
        await knex.destroy();
      } finally {
        await embedded.close();
      }
    },
  });
}

/** What to do when the embedded database is held by a process that cannot share it with this one. */
function inUseAdvice(error: EmbeddedDatabaseInUse, share: boolean): string {
  const where = join(error.root, 'pglite');
  const stale = `If no process ${error.holder} is running, delete ${error.lockPath}.`;
  if (share) {
    return (
      `the embedded database in ${where} is in use by process ${error.holder} (a CLI command, a worker or ` +
      'another web process): stop it, then start the web process again. Started after the web process, ' +
      'the CLI and the worker share its database instead. To run several web processes, set DATABASE_URL. ' +
      stale
    );
  }
  return (
    `the embedded database in ${where} is in use by process ${error.holder}, which does not share it ` +
    '(only the web process, `pnpm start`, does): wait for it to finish or stop it, then try again; or set ' +
    `DATABASE_URL to use a PostgreSQL server. ${stale}`
  );
}

/**
 * The knex-pglite client, taking the session from `gate` for each connection it hands out (one query,
 * or a whole transaction) and giving it back on release: so a socket client's transaction and this
 * process's never interleave. A transaction's own client (knex's `trxClient`) overrides both methods,
 * so queries inside it do not take the gate again.
 */
function gated(Base: typeof ClientPgLite, gate: SessionGate): typeof ClientPgLite {
  const holder = Symbol('this process');
  class GatedPgLite extends Base {
    override async acquireConnection(): Promise<unknown> {
      await gate.acquire(holder);
      try {
        return await super.acquireConnection();
      } catch (error) {
        gate.release(holder);
        throw error;
      }
    }
    override async releaseConnection(connection: unknown): Promise<void> {
      try {
        await super.releaseConnection(connection);
      } finally {
        gate.release(holder);
      }
    }
  }
  return GatedPgLite;
}

/**
 * The embedded database of another process, the web process, which serves it on a Unix socket
 * (`share`): reached with the `pg` driver as a PostgreSQL server with one connection. Schema changes
 * only go forward here: undoing migrations under a running web process would break it.
 */
async function createThroughSocket(
  root: string,
  endpoint: Endpoint,
  options: DatabaseOptions,
): Promise<Database> {
  const { SOCKET_PORT, socketPathIn } = await import('./embedded-socket.js');
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  await waitForSocket(socketPathIn(endpoint.socketDir), endpoint, connectTimeoutMs);
  const knex = knexFactory({
    client: 'pg',
    connection: {
      host: endpoint.socketDir,
      port: SOCKET_PORT,
      user: 'postgres',
      database: 'postgres',
      application_name: 'codex-auth',
      connectionTimeoutMillis: connectTimeoutMs,
    } as Knex.PgConnectionConfig,
    // One connection, as in the web process itself: PGlite runs one session, so more would only
    // queue in the web process, and a query outside a running transaction would wait for it there.
    pool: { min: 0, max: 1 },
    compileSqlOnError: false,
    ...(options.log && { log: options.log }),
  });
  // The web process runs the same loops with its own in-process locks: clean-up may run in both at
  // once, which its batches (SKIP LOCKED, one statement each) make harmless, as with two workers.
  const locks = new LocalLocks();
  return assemble({
    kind: 'embedded',
    location: `${join(root, 'pglite')}, shared by the web process ${endpoint.pid}`,
    knex,
    forwardOnly: options.forwardOnly === true,
    emails: options.emails,
    lock: (name, fn) => locks.run(name, fn),
    exclusive: (fn) => fn(),
    refuseBackwards:
      `the embedded database is in use by the web process ${endpoint.pid}: stop it (Ctrl-C), ` +
      'then undo migrations',
    close: () => knex.destroy(),
  });
}

/** The socket appears once the web process has opened the database; until then it is announced only. */
async function waitForSocket(path: string, endpoint: Endpoint, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) {
      throw new Error(
        `the web process ${endpoint.pid} holds the embedded database but does not serve it on ${path} ` +
          `yet: try again once it has started (or stop it, or set DATABASE_URL)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Parts {
  readonly kind: Database['kind'];
  readonly location: string;
  readonly knex: Knex;
  readonly forwardOnly: boolean;
  readonly emails: EmailCanonicalizer | undefined;
  readonly lock: <T>(name: string, fn: () => Promise<T>) => Promise<LockOutcome<T>>;
  readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Why migrations may not be undone here, if they may not (besides production). */
  readonly refuseBackwards?: string;
  readonly close: () => Promise<void>;
}

function assemble(parts: Parts): Database {
  const { knex } = parts;
  keepQueryTextOutOfErrors(knex);
  const config: Knex.MigratorConfig = {
    migrationSource: migrationSourceFor({ emails: parts.emails }),
    tableName: MIGRATIONS_TABLE,
  };
  const backwards = <T>(fn: () => Promise<T>): Promise<T> => {
    if (parts.forwardOnly)
      return Promise.reject(
        new Error('migrations are forward-only here (production): write a new migration instead'),
      );
    if (parts.refuseBackwards !== undefined) return Promise.reject(new Error(parts.refuseBackwards));
    return parts.exclusive(fn);
  };
  let closing: Promise<void> | undefined;
  return {
    kind: parts.kind,
    location: parts.location,
    knex,
    uow: new PgUnitOfWork(knex, undefined, parts.kind === 'postgres'),
    outboxQueue: new PgOutboxQueue(Sql.forPool(knex)),
    ping: (timeoutMs = DEFAULT_PING_TIMEOUT_MS) => ping(knex, timeoutMs),
    migrateLatest: () =>
      classifying(() => parts.exclusive(async () => names(await knex.migrate.latest(config)))),
    migrateDown: () => backwards(async () => names(await knex.migrate.down(config))),
    rollbackAll: () => backwards(async () => names(await knex.migrate.rollback(config, true))),
    migrationStatus: () =>
      classifying(async () => {
        const [applied, pending] = (await knex.migrate.list(config)) as [unknown[], unknown[]];
        return { applied: applied.map(migrationName), pending: pending.map(migrationName) };
      }),
    withAdvisoryLock: (name, fn) => classifying(() => parts.lock(name, fn)),
    close: () => (closing ??= parts.close()),
  };
}

async function ping(knex: Knex, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, false);
  });
  try {
    // The probe may outlive the race (a connect still timing out); it settles to a boolean either way.
    const probe = Promise.resolve()
      .then(() => knex.raw('SELECT 1'))
      .then(
        () => true,
        () => false,
      );
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** knex's migrate calls resolve to `[batch, names]`. */
function names(result: unknown): readonly string[] {
  const log = Array.isArray(result) ? (result[1] as unknown) : undefined;
  return Array.isArray(log) ? log.map(migrationName) : [];
}

function migrationName(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  if (entry !== null && typeof entry === 'object' && 'name' in entry)
    return String((entry as { name: unknown }).name);
  return String(entry);
}
