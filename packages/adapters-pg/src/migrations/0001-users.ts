import { sqlMigration } from './sql-migration.js';

export const createUsers = sqlMigration(
  '0001-users',
  [
    // Trusted since Postgres 13, so a database owner may create it without superuser rights.
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    `CREATE TABLE users (
      id uuid PRIMARY KEY,
      email text NOT NULL CHECK (email <> ''),
      -- lower(email), computed once per write instead of once per row scanned: a substring count
      -- over a million users rechecks every candidate row, and lower() was most of that cost.
      email_lower text GENERATED ALWAYS AS (lower(email)) STORED,
      password_hash text NOT NULL CHECK (password_hash <> ''),
      role text NOT NULL CHECK (role IN ('admin', 'user')),
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'disabled')),
      created_at timestamptz NOT NULL,
      approved_at timestamptz,
      tokens_valid_after timestamptz
    )`,
    // The one source of truth for "email taken": code checks would race.
    'CREATE UNIQUE INDEX users_email_lower_key ON users (email_lower)',
    'CREATE INDEX users_created_at_id_idx ON users (created_at, id)',
    'CREATE INDEX users_status_created_at_id_idx ON users (status, created_at, id)',
    // Substring search (`q`) on a million users; a btree cannot serve a leading wildcard.
    'CREATE INDEX users_email_trgm_idx ON users USING gin (email_lower gin_trgm_ops)',
    // The last-admin check locks exactly these rows; keep finding them cheap.
    `CREATE INDEX users_active_admins_idx ON users (id) WHERE role = 'admin' AND status = 'approved'`,
  ],
  // The extension stays: it may predate us or serve other schemas, and an unused one costs nothing.
  ['DROP TABLE users'],
);
