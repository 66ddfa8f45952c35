import { sqlMigration } from './sql-migration.js';

export const createSessions = sqlMigration(
  '0002-sessions',
  [
    `CREATE TABLE sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      user_agent text CHECK (length(user_agent) <= 512),
      ip text CHECK (length(ip) <= 128),
      revoked_at timestamptz
    )`,
    // Serves listLive's order, revokeAllForUser, and the cascade from users.
    'CREATE INDEX sessions_user_id_created_at_idx ON sessions (user_id, created_at DESC, id DESC)',
  ],
  ['DROP TABLE sessions'],
);
