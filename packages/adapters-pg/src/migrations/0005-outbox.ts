import { sqlMigration } from './sql-migration.js';

export const createOutbox = sqlMigration(
  '0005-outbox',
  [
    `CREATE TABLE outbox (
      id uuid PRIMARY KEY,
      message jsonb NOT NULL CHECK (jsonb_typeof(message) = 'object'),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL,
      locked_until timestamptz,
      last_error text,
      done_at timestamptz,
      failed_at timestamptz,
      created_at timestamptz NOT NULL,
      CONSTRAINT outbox_done_or_failed CHECK (done_at IS NULL OR failed_at IS NULL)
    )`,
    // Only pending jobs are ever claimed; finished ones stay out of the index entirely.
    'CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE done_at IS NULL AND failed_at IS NULL',
  ],
  ['DROP TABLE outbox'],
);
