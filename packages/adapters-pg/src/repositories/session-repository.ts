import { isUuid, type Session, type SessionRepository, type User } from '@codex-auth/domain';
import { batchLimit, prepared, toDate, toDateOrNull, type Sql } from '../sql.js';
import { toUser, type UserRow } from './user-repository.js';

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
  revoked_at: Date | null;
}

export const SESSION_COLUMNS =
  'id, user_id, created_at, last_used_at, expires_at, user_agent, ip, revoked_at';
const COLUMNS = SESSION_COLUMNS;

/** A session row and its owner's columns, prefixed `u_`, from one join. */
type SessionWithUserRow = SessionRow & { [K in keyof UserRow as `u_${K & string}`]: UserRow[K] };

const WITH_USER = prepared(
  'codex_auth_session_with_user',
  `SELECT s.id, s.user_id, s.created_at, s.last_used_at, s.expires_at, s.user_agent, s.ip,
         s.revoked_at, u.id AS u_id, u.email AS u_email, u.password_hash AS u_password_hash,
         u.role AS u_role, u.status AS u_status, u.created_at AS u_created_at,
         u.approved_at AS u_approved_at, u.tokens_valid_after AS u_tokens_valid_after,
         u.locale AS u_locale
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.id = ?::uuid`,
);

/** Every refresh touches its session: a hot statement. */
const TOUCH = prepared(
  'codex_auth_touch_session',
  `UPDATE sessions SET last_used_at = ?::timestamptz, expires_at = ?::timestamptz, user_agent = ?, ip = ?
   WHERE id = ?::uuid`,
);

export class PgSessionRepository implements SessionRepository {
  constructor(private readonly sql: Sql) {}

  async add(session: Session): Promise<void> {
    await this.sql.query(
      `INSERT INTO sessions (${COLUMNS})
       VALUES (?::uuid, ?::uuid, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?, ?, ?::timestamptz)`,
      [
        session.id,
        session.userId,
        session.createdAt,
        session.lastUsedAt,
        session.expiresAt,
        session.userAgent,
        session.ip,
        session.revokedAt,
      ],
    );
  }

  async findById(id: string): Promise<Session | null> {
    if (!isUuid(id)) return null;
    const rows = await this.sql.query<SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE id = ?::uuid`, [id]);
    return rows[0] === undefined ? null : toSession(rows[0]);
  }

  async findWithUser(id: string): Promise<{ session: Session; user: User } | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.sql.query<SessionWithUserRow>(WITH_USER, [id]);
    if (row === undefined) return null;
    return {
      session: toSession(row),
      user: toUser({
        id: row.u_id,
        email: row.u_email,
        password_hash: row.u_password_hash,
        role: row.u_role,
        status: row.u_status,
        created_at: row.u_created_at,
        approved_at: row.u_approved_at,
        tokens_valid_after: row.u_tokens_valid_after,
        locale: row.u_locale,
      }),
    };
  }

  async touch(
    id: string,
    at: Date,
    expiresAt: Date,
    client: { userAgent: string | null; ip: string | null },
  ): Promise<void> {
    if (!isUuid(id)) return;
    await this.sql.execute(TOUCH, [at, expiresAt, client.userAgent, client.ip, id]);
  }

  async listLive(userId: string, now: Date): Promise<readonly Session[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.sql.query<SessionRow>(
      `SELECT ${COLUMNS} FROM sessions
       WHERE user_id = ?::uuid AND revoked_at IS NULL AND expires_at > ?::timestamptz
       ORDER BY created_at DESC, id DESC`,
      [userId, now],
    );
    return rows.map(toSession);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    if (!isUuid(id)) return false;
    const n = await this.sql.execute(
      'UPDATE sessions SET revoked_at = ?::timestamptz WHERE id = ?::uuid AND revoked_at IS NULL',
      [at, id],
    );
    return n === 1;
  }

  async revokeAllForUser(userId: string, at: Date, exceptId?: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    return this.sql.execute(
      `UPDATE sessions SET revoked_at = ?::timestamptz
       WHERE user_id = ?::uuid AND revoked_at IS NULL AND id IS DISTINCT FROM ?::uuid`,
      [at, userId, exceptId !== undefined && isUuid(exceptId) ? exceptId : null],
    );
  }

  async deleteEndedBefore(cutoff: Date, limit: number): Promise<number> {
    // Their refresh tokens go by ON DELETE CASCADE; SKIP LOCKED leaves a session being refreshed
    // right now for the next batch.
    return this.sql.execute(
      `DELETE FROM sessions WHERE id IN (
         SELECT id FROM sessions
         WHERE expires_at < ?::timestamptz OR revoked_at < ?::timestamptz
         LIMIT ? FOR UPDATE SKIP LOCKED
       )`,
      [cutoff, cutoff, batchLimit(limit)],
    );
  }
}

export function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: toDate(row.created_at),
    lastUsedAt: toDate(row.last_used_at),
    expiresAt: toDate(row.expires_at),
    userAgent: row.user_agent,
    ip: row.ip,
    revokedAt: toDateOrNull(row.revoked_at),
  };
}
