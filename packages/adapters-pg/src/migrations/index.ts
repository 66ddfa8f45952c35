import type { EmailCanonicalizer } from '@codex-auth/domain';
import type { Knex } from 'knex';
import { createUsers } from './0001-users.js';
import { createSessions } from './0002-sessions.js';
import { createRefreshTokens } from './0003-refresh-tokens.js';
import { createPasswordResetTokens } from './0004-password-reset-tokens.js';
import { createOutbox } from './0005-outbox.js';
import { addCleanupIndexes } from './0006-cleanup-indexes.js';
import { addEmailSkeleton } from './0009-email-skeleton.js';
import { addUserLocale } from './0010-user-locale.js';
import type { NamedMigration } from './sql-migration.js';

export type { NamedMigration } from './sql-migration.js';

/** What some migrations compute in JS, because Postgres cannot. */
export interface MigrationContext {
  /** For the email skeletons of existing users (0009); needed only when there are users. */
  readonly emails?: EmailCanonicalizer | undefined;
}

/** In order. Append only: a released migration is never edited, a new one is added. */
export function createMigrations(context: MigrationContext = {}): readonly NamedMigration[] {
  return [
    createUsers,
    createSessions,
    createRefreshTokens,
    createPasswordResetTokens,
    createOutbox,
    addCleanupIndexes,
    addEmailSkeleton(context.emails),
    addUserLocale,
  ];
}

/** The migrations with no context: their names, and for databases known to have no users. */
export const migrations: readonly NamedMigration[] = createMigrations();

/**
 * Migrations live in code rather than in a directory, so their recorded names are the same whether
 * they run from `src` (.ts, under tsx) or from `dist` (.js): knex's file source would record both.
 */
export function migrationSourceFor(context: MigrationContext = {}): Knex.MigrationSource<NamedMigration> {
  const list = createMigrations(context);
  return {
    getMigrations: async () => [...list],
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => migration,
  };
}

export const migrationSource: Knex.MigrationSource<NamedMigration> = migrationSourceFor();

/** The table knex records applied migrations in. */
export const MIGRATIONS_TABLE = 'knex_migrations';
