import { isUuid, type RefreshToken, type RefreshTokenRepository } from '@codex-auth/domain';
import { batchLimit, toDate, toDateOrNull, type Sql } from '../sql.js';

interface RefreshTokenRow {
  jti: string;
  session_id: string;
  user_id: string;
  parent_jti: string | null;
  created_at: Date;
  expires_at: Date;
  spent_at: Date | null;
  replaced_by: string | null;
  revoked_at: Date | null;
}

const COLUMNS =
  'jti, session_id, user_id, parent_jti, created_at, expires_at, spent_at, replaced_by, revoked_at';

export class PgRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly sql: Sql) {}

  async add(token: RefreshToken): Promise<void> {
    await this.sql.query(
      `INSERT INTO refresh_tokens (${COLUMNS})
       VALUES (?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::uuid, ?::timestamptz)`,
      [
        token.jti,
        token.sessionId,
        token.userId,
        token.parentJti,
        token.createdAt,
        token.expiresAt,
        token.spentAt,
        token.replacedBy,
        token.revokedAt,
      ],
    );
  }

  async findByJti(jti: string): Promise<RefreshToken | null> {
    if (!isUuid(jti)) return null;
    const rows = await this.sql.query<RefreshTokenRow>(
      `SELECT ${COLUMNS} FROM refresh_tokens WHERE jti = ?::uuid`,
      [jti],
    );
    return rows[0] === undefined ? null : toRefreshToken(rows[0]);
  }

  async markSpent(jti: string, at: Date, replacedBy: string): Promise<boolean> {
    if (!isUuid(jti)) return false;
    // One conditional UPDATE is the whole rotation race: concurrent callers queue on the row lock
    // and re-check the WHERE against the committed row, so only the first finds it unspent.
    const rows = await this.sql.query<{ jti: string }>(
      `UPDATE refresh_tokens SET spent_at = ?::timestamptz, replaced_by = ?::uuid
       WHERE jti = ?::uuid AND spent_at IS NULL AND revoked_at IS NULL
       RETURNING jti`,
      [at, replacedBy, jti],
    );
    return rows.length === 1;
  }

  async revokeForSession(sessionId: string, at: Date): Promise<number> {
    if (!isUuid(sessionId)) return 0;
    return this.sql.execute(
      'UPDATE refresh_tokens SET revoked_at = ?::timestamptz WHERE session_id = ?::uuid AND revoked_at IS NULL',
      [at, sessionId],
    );
  }

  async revokeForUser(userId: string, at: Date, exceptSessionId?: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    return this.sql.execute(
      `UPDATE refresh_tokens SET revoked_at = ?::timestamptz
       WHERE user_id = ?::uuid AND revoked_at IS NULL AND session_id IS DISTINCT FROM ?::uuid`,
      [at, userId, exceptSessionId !== undefined && isUuid(exceptSessionId) ? exceptSessionId : null],
    );
  }

  async deleteExpiredBefore(cutoff: Date, limit: number): Promise<number> {
    // SKIP LOCKED: a token being rotated right now is left for the next batch instead of making
    // the cleanup wait, and two cleaners share the work instead of colliding.
    return this.sql.execute(
      `DELETE FROM refresh_tokens WHERE jti IN (
         SELECT jti FROM refresh_tokens WHERE expires_at < ?::timestamptz LIMIT ? FOR UPDATE SKIP LOCKED
       )`,
      [cutoff, batchLimit(limit)],
    );
  }

  async deleteRevokedCreatedBefore(cutoff: Date, limit: number): Promise<number> {
    return this.sql.execute(
      `DELETE FROM refresh_tokens WHERE jti IN (
         SELECT jti FROM refresh_tokens
         WHERE revoked_at IS NOT NULL AND created_at < ?::timestamptz
         LIMIT ? FOR UPDATE SKIP LOCKED
       )`,
      [cutoff, batchLimit(limit)],
    );
  }
}

function toRefreshToken(row: RefreshTokenRow): RefreshToken {
  return {
    jti: row.jti,
    sessionId: row.session_id,
    userId: row.user_id,
    parentJti: row.parent_jti,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    spentAt: toDateOrNull(row.spent_at),
    replacedBy: row.replaced_by,
    revokedAt: toDateOrNull(row.revoked_at),
  };
}
