import { sqlMigration } from './sql-migration.js';

export const createPasswordResetTokens = sqlMigration(
  '0004-password-reset-tokens',
  [
    `CREATE TABLE password_reset_tokens (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      token_hash text NOT NULL CHECK (token_hash <> ''),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      CONSTRAINT password_reset_tokens_token_hash_key UNIQUE (token_hash)
    )`,
    'CREATE INDEX password_reset_tokens_user_id_idx ON password_reset_tokens (user_id)',
    // The cleanup's predicate: a token is finished when used, or else when expired.
    'CREATE INDEX password_reset_tokens_finished_at_idx ON password_reset_tokens ((coalesce(used_at, expires_at)))',
  ],
  ['DROP TABLE password_reset_tokens'],
);
