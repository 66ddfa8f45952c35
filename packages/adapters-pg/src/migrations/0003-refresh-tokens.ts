import { sqlMigration } from './sql-migration.js';

export const createRefreshTokens = sqlMigration(
  '0003-refresh-tokens',
  [
    `CREATE TABLE refresh_tokens (
      jti uuid PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      -- Cleanup deletes expired parents while their children live on.
      parent_jti uuid REFERENCES refresh_tokens (jti) ON DELETE SET NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      spent_at timestamptz,
      -- No foreign key: the successor row is inserted after its parent is spent.
      replaced_by uuid,
      revoked_at timestamptz,
      CONSTRAINT refresh_tokens_spent_has_successor CHECK ((spent_at IS NULL) = (replaced_by IS NULL))
    )`,
    'CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id)',
    'CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id)',
    // Without it every parent deleted by cleanup would scan the table to null its children.
    'CREATE INDEX refresh_tokens_parent_jti_idx ON refresh_tokens (parent_jti) WHERE parent_jti IS NOT NULL',
    'CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at)',
    'CREATE INDEX refresh_tokens_revoked_created_at_idx ON refresh_tokens (created_at) WHERE revoked_at IS NOT NULL',
  ],
  ['DROP TABLE refresh_tokens'],
);
