export {
  createDatabase,
  pgClientConfig,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_DATA_DIR,
  DEFAULT_PING_TIMEOUT_MS,
  DEFAULT_POOL_MAX,
  type Database,
  type DatabaseOptions,
  type MigrationStatus,
} from './database.js';
export {
  parseDatabaseUrl,
  redactDatabaseUrl,
  sslOptions,
  DatabaseUrlError,
  type DatabaseUrl,
  type SslMode,
} from './database-url.js';
export { classifyDatabaseError, isConnectionLoss } from './errors.js';
export { advisoryKey, type LockOutcome } from './advisory-lock.js';
export { IN_MEMORY } from './embedded-location.js';
export {
  createMigrations,
  migrations,
  migrationSource,
  migrationSourceFor,
  MIGRATIONS_TABLE,
  type MigrationContext,
  type NamedMigration,
} from './migrations/index.js';
export { PgUnitOfWork, transactionScope } from './unit-of-work.js';
export { PgOutboxQueue } from './repositories/outbox-queue.js';
export { PgOutbox } from './repositories/outbox.js';
export { PgUserRepository } from './repositories/user-repository.js';
export { PgSessionRepository } from './repositories/session-repository.js';
export { PgRefreshTokenRepository } from './repositories/refresh-token-repository.js';
export { PgPasswordResetTokenRepository } from './repositories/password-reset-token-repository.js';
