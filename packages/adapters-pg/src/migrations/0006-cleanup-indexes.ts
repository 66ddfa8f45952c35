import { sqlMigration } from './sql-migration.js';

/** For the cleanup of ended sessions and finished outbox jobs, which otherwise scans whole tables. */
export const addCleanupIndexes = sqlMigration(
  '0006-cleanup-indexes',
  [
    'CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)',
    'CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL',
    'CREATE INDEX outbox_done_at_idx ON outbox (done_at) WHERE done_at IS NOT NULL',
    'CREATE INDEX outbox_failed_at_idx ON outbox (failed_at) WHERE failed_at IS NOT NULL',
  ],
  [
    'DROP INDEX outbox_failed_at_idx',
    'DROP INDEX outbox_done_at_idx',
    'DROP INDEX sessions_revoked_at_idx',
    'DROP INDEX sessions_expires_at_idx',
  ],
);
