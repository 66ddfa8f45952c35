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
  // Loaded here, not at the top: PGlite and its knex dialect cost a process on Postgres several MiB
  // of memory it would never use (docs/performance.md, "Memory at start").
  const [{ openEmbedded }, { default: ClientPgLite }] = await Promise.all([
    import('./embedded.js'),
    import('knex-pglite'),
  ]);
  const embedded = await openEmbedded(dataDir);
  const knex = knexFactory({
    client: ClientPgLite,
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
        await knex.destroy();
      } finally {
        await embedded.close();
      }
    },
  });
}

interface Parts {
  readonly kind: Database['kind'];
  readonly location: string;
  readonly knex: Knex;
  readonly forwardOnly: boolean;
  readonly emails: EmailCanonicalizer | undefined;
  readonly lock: <T>(name: string, fn: () => Promise<T>) => Promise<LockOutcome<T>>;
  readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
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
    return parts.exclusive(fn);
  };
  let closing: Promise<void> | undefined;
  return {
    kind: parts.kind,
    location: parts.location,
    knex,
    uow: new PgUnitOfWork(knex),
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
