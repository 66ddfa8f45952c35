import type { Knex } from 'knex';
import { createUsers } from './0001-users.js';
import { createSessions } from './0002-sessions.js';
import { createRefreshTokens } from './0003-refresh-tokens.js';
import { createPasswordResetTokens } from './0004-password-reset-tokens.js';
import { createOutbox } from './0005-outbox.js';
import { addCleanupIndexes } from './0006-cleanup-indexes.js';
import type { NamedMigration } from './sql-migration.js';

export type { NamedMigration } from './sql-migration.js';

/** In order. Append only: a released migration is never edited, a new one is added. */
export const migrations: readonly NamedMigration[] = [
  createUsers,
  createSessions,
  createRefreshTokens,
  createPasswordResetTokens,
  createOutbox,
  addCleanupIndexes,
];

/**
 * Migrations live in code rather than in a directory, so their recorded names are the same whether
 * they run from `src` (.ts, under tsx) or from `dist` (.js): knex's file source would record both.
 */
export const migrationSource: Knex.MigrationSource<NamedMigration> = {
  getMigrations: async () => [...migrations],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

/** The table knex records applied migrations in. */
export const MIGRATIONS_TABLE = 'knex_migrations';
