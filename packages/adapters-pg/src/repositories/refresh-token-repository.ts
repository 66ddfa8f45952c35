import {
  isUuid,
  type RefreshToken,
  type RefreshTokenRepository,
  type RotationState,
} from '@codex-auth/domain';
import { batchLimit, prepared, type Sql, toDate, toDateOrNull } from '../sql.js';
import { SESSION_COLUMNS, toSession, type SessionRow } from './session-repository.js';
import { toUser, USER_COLUMNS, type UserRow } from './user-repository.js';

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
const VALUES =
  '?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::uuid, ?::timestamptz';

/** `t.a AS t_a, …`: a table's columns in a join, each under its table's prefix. */
const prefixed = (alias: string, columns: string) =>
  columns
    .split(', ')
    .map((c) => `${alias}.${c} AS ${alias}_${c}`)
    .join(', ');
const unprefixed = <Row>(row: Record<string, unknown>, alias: string, columns: string): Row =>
  Object.fromEntries(columns.split(', ').map((c) => [c, row[`${alias}_${c}`]])) as Row;

/*
 * The three rows a rotation judges, each by its own key and each optional: one row from a one-row
 * relation, left-joined to each. The same answer as three primary-key finds, in one round trip.
 */
const FOR_ROTATION = prepared(
  'codex_auth_for_rotation',
  `SELECT ${prefixed('u', USER_COLUMNS)}, ${prefixed('t', COLUMNS)}, ${prefixed('s', SESSION_COLUMNS)}
  FROM (VALUES (1)) AS one (x)
  LEFT JOIN users u ON u.id = ?::uuid
  LEFT JOIN refresh_tokens t ON t.jti = ?::uuid
  LEFT JOIN sessions s ON s.id = ?::uuid`,
);

/*
 * markSpent and add in one statement. The UPDATE is markSpent's (the row lock and the re-checked
 * WHERE settle the race); the INSERT takes its row from the UPDATE's RETURNING, so a spend that
 * loses inserts nothing. Locks are taken as before, in the same order: the spent token's row, then
 * (the new row's foreign keys, at the end of the statement) its session and user, shared.
 */
const ROTATE = prepared(
  'codex_auth_rotate',
  `WITH spent AS (
    UPDATE refresh_tokens SET spent_at = ?::timestamptz, replaced_by = ?::uuid
    WHERE jti = ?::uuid AND spent_at IS NULL AND revoked_at IS NULL
    RETURNING jti
  )
  INSERT INTO refresh_tokens (${COLUMNS})
  SELECT ${VALUES} FROM spent
  RETURNING jti`,
);

export class PgRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly sql: Sql) {}

  async add(token: RefreshToken): Promise<void> {
    await this.sql.query(`INSERT INTO refresh_tokens (${COLUMNS}) VALUES (${VALUES})`, values(token));
  }

  async rotate(jti: string, at: Date, successor: RefreshToken): Promise<boolean> {
    if (!isUuid(jti)) return false;
    const rows = await this.sql.query<{ jti: string }>(ROTATE, [
      at,
      successor.jti,
      jti,
      ...values(successor),
    ]);
    return rows.length === 1;
  }

  async findForRotation(claims: {
    readonly userId: string;
    readonly jti: string;
    readonly sessionId: string;
  }): Promise<RotationState> {
    const key = (id: string) => (isUuid(id) ? id : null);
    const [row] = await this.sql.query<Record<string, unknown>>(FOR_ROTATION, [
      key(claims.userId),
      key(claims.jti),
      key(claims.sessionId),
    ]);
    return {
      user: row?.['u_id'] == null ? null : toUser(unprefixed<UserRow>(row, 'u', USER_COLUMNS)),
      token: row?.['t_jti'] == null ? null : toRefreshToken(unprefixed<RefreshTokenRow>(row, 't', COLUMNS)),
      session: row?.['s_id'] == null ? null : toSession(unprefixed<SessionRow>(row, 's', SESSION_COLUMNS)),
    };
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

function values(token: RefreshToken) {
  return [
    token.jti,
    token.sessionId,
    token.userId,
    token.parentJti,
    token.createdAt,
    token.expiresAt,
    token.spentAt,
    token.replacedBy,
    token.revokedAt,
  ];
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
