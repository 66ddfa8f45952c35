import { isUuid, type PasswordResetToken, type PasswordResetTokenRepository } from '@codex-auth/domain';
import { batchLimit, canBeStored, toDate, toDateOrNull, type Sql } from '../sql.js';

interface ResetTokenRow {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

const COLUMNS = 'id, user_id, token_hash, created_at, expires_at, used_at';

export class PgPasswordResetTokenRepository implements PasswordResetTokenRepository {
  constructor(private readonly sql: Sql) {}

  async add(token: PasswordResetToken): Promise<void> {
    await this.sql.query(
      `INSERT INTO password_reset_tokens (${COLUMNS})
       VALUES (?::uuid, ?::uuid, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz)`,
      [token.id, token.userId, token.tokenHash, token.createdAt, token.expiresAt, token.usedAt],
    );
  }

  async findByHash(tokenHash: string): Promise<PasswordResetToken | null> {
    if (!canBeStored(tokenHash)) return null;
    const rows = await this.sql.query<ResetTokenRow>(
      `SELECT ${COLUMNS} FROM password_reset_tokens WHERE token_hash = ?`,
      [tokenHash],
    );
    return rows[0] === undefined ? null : toResetToken(rows[0]);
  }

  async markUsed(id: string, at: Date): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.sql.query<{ id: string }>(
      'UPDATE password_reset_tokens SET used_at = ?::timestamptz WHERE id = ?::uuid AND used_at IS NULL RETURNING id',
      [at, id],
    );
    return rows.length === 1;
  }

  async revokeForUser(userId: string, at: Date): Promise<number> {
    if (!isUuid(userId)) return 0;
    return this.sql.execute(
      'UPDATE password_reset_tokens SET used_at = ?::timestamptz WHERE user_id = ?::uuid AND used_at IS NULL',
      [at, userId],
    );
  }

  async countCreatedSince(userId: string, since: Date): Promise<number> {
    if (!isUuid(userId)) return 0;
    const rows = await this.sql.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM password_reset_tokens WHERE user_id = ?::uuid AND created_at >= ?::timestamptz',
      [userId, since],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async deleteForUser(userId: string, exceptId?: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    return this.sql.execute(
      'DELETE FROM password_reset_tokens WHERE user_id = ?::uuid AND id IS DISTINCT FROM ?::uuid',
      [userId, exceptId !== undefined && isUuid(exceptId) ? exceptId : null],
    );
  }

  async deleteFinishedBefore(cutoff: Date, limit: number): Promise<number> {
    return this.sql.execute(
      `DELETE FROM password_reset_tokens WHERE id IN (
         SELECT id FROM password_reset_tokens
         WHERE coalesce(used_at, expires_at) < ?::timestamptz
         LIMIT ? FOR UPDATE SKIP LOCKED
       )`,
      [cutoff, batchLimit(limit)],
    );
  }
}

function toResetToken(row: ResetTokenRow): PasswordResetToken {
  return {
    id: row.id,
    userId: row.user_id,
    tokenHash: row.token_hash,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    usedAt: toDateOrNull(row.used_at),
  };
}
