import { isUuid, normalizeEmail, type User, type UserRepository } from '@codex-auth/domain';
import type { AddUserOutcome, UserListPage, UserListQuery } from '@codex-auth/domain';
import type { Knex } from 'knex';
import {
  canBeStored,
  containsPattern,
  toCount,
  toDate,
  toDateOrNull,
  type Executor,
  type Sql,
} from '../sql.js';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: User['role'];
  status: User['status'];
  created_at: Date;
  approved_at: Date | null;
  tokens_valid_after: Date | null;
  locale: User['locale'];
}

export const USER_COLUMNS =
  'id, email, password_hash, role, status, created_at, approved_at, tokens_valid_after, locale';
const COLUMNS = USER_COLUMNS;

export class PgUserRepository implements UserRepository {
  constructor(private readonly sql: Sql) {}

  async add(user: User, emailSkeleton?: string): Promise<AddUserOutcome> {
    // ON CONFLICT rather than catching 23505: a unique violation would abort the whole transaction,
    // and a clash must leave the unit of work usable. No conflict target, because two unique indexes
    // can clash (email_lower and email_skeleton); which one did is asked afterwards. The unique
    // indexes make it race-free: a concurrent insert of the same key waits for the first to commit.
    const rows = await this.sql.query<{ id: string }>(
      `INSERT INTO users (${COLUMNS}, email_skeleton)
       VALUES (?::uuid, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?, ?)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        user.id,
        normalizeEmail(user.email),
        user.passwordHash,
        user.role,
        user.status,
        user.createdAt,
        user.approvedAt,
        user.tokensValidAfter,
        user.locale,
        emailSkeleton ?? null,
      ],
    );
    if (rows.length === 1) return 'added';
    const [clash] = await this.sql.query<{ email_taken: boolean; email_confusable: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM users WHERE email_lower = lower(?)) AS email_taken,
              EXISTS (SELECT 1 FROM users WHERE email_skeleton = ?) AS email_confusable`,
      [normalizeEmail(user.email), emailSkeleton ?? null],
    );
    if (clash?.email_taken === true) return 'email_taken';
    if (clash?.email_confusable === true) return 'email_confusable';
    // Neither key: the id itself is taken, a bug rather than an outcome.
    throw new Error('user id already exists');
  }

  async update(user: User): Promise<void> {
    if (!isUuid(user.id)) return;
    await this.sql.query(
      `UPDATE users
       SET password_hash = ?, role = ?, status = ?, approved_at = ?::timestamptz,
           tokens_valid_after = ?::timestamptz, locale = ?
       WHERE id = ?::uuid`,
      [
        user.passwordHash,
        user.role,
        user.status,
        user.approvedAt,
        user.tokensValidAfter,
        user.locale,
        user.id,
      ],
    );
  }

  async findById(id: string): Promise<User | null> {
    if (!isUuid(id)) return null;
    const rows = await this.sql.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?::uuid`, [id]);
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  async findByIdForUpdate(id: string): Promise<User | null> {
    if (!isUuid(id)) return null;
    // FOR NO KEY UPDATE: the lock an UPDATE of non-key columns takes anyway, so it does not block
    // inserts that only reference the user (sessions, tokens) the way FOR UPDATE would.
    const rows = await this.sql.query<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE id = ?::uuid FOR NO KEY UPDATE`,
      [id],
    );
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  async findByEmail(email: string): Promise<User | null> {
    if (!canBeStored(email)) return null;
    const rows = await this.sql.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email_lower = lower(?)`, [
      email.trim(),
    ]);
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  async list(q: UserListQuery): Promise<UserListPage> {
    if (q.q !== undefined && !canBeStored(q.q)) return { items: [], total: 0 };
    const { db } = this.sql;
    const rows = await this.sql.select<UserRow>(
      userListQuery(db, q)
        .select(db.raw(COLUMNS))
        .orderBy(['created_at', 'id'])
        .offset(q.offset)
        .limit(q.limit),
    );
    const [counted] = await this.sql.select<{ total: unknown }>(
      userListQuery(db, q).select(db.raw('count(*) AS total')),
    );
    return { items: rows.map(toUser), total: toCount(counted?.total ?? 0) };
  }

  async count(): Promise<number> {
    const [row] = await this.sql.query<{ total: unknown }>('SELECT count(*) AS total FROM users');
    return toCount(row?.total ?? 0);
  }

  async countActiveAdmins(): Promise<number> {
    // Counting under FOR UPDATE makes two demotions queue: the second re-reads the rows after the
    // first commits and sees one admin fewer. A bare count(*) would let both see two admins.
    // Ordered so that concurrent callers lock in the same order and cannot deadlock.
    const rows = await this.sql.query<{ id: string }>(
      `SELECT id FROM users WHERE role = 'admin' AND status = 'approved' ORDER BY id FOR UPDATE`,
    );
    return rows.length;
  }
}

/** The filters of the admin list; `q` is matched on `email_lower`, which the trigram index covers. */
export function userListQuery(db: Executor, q: Pick<UserListQuery, 'status' | 'q'>): Knex.QueryBuilder {
  const builder = db('users');
  if (q.status !== undefined) builder.where('status', q.status);
  if (q.q !== undefined && q.q !== '')
    builder.whereRaw(`email_lower LIKE lower(?) ESCAPE '\\'`, [containsPattern(q.q)]);
  return builder;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    role: row.role,
    status: row.status,
    createdAt: toDate(row.created_at),
    approvedAt: toDateOrNull(row.approved_at),
    tokensValidAfter: toDateOrNull(row.tokens_valid_after),
    locale: row.locale,
  };
}
