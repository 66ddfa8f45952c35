import type { NewOutboxJob, OutboxMessage } from '../model/outbox-job.js';
import type { PasswordResetToken } from '../model/password-reset-token.js';
import type { RefreshToken } from '../model/refresh-token.js';
import { isSessionLive, type Session } from '../model/session.js';
import { isActiveAdmin, type User } from '../model/user.js';
import type { JobClaim, Outbox } from '../ports/outbox.js';
import type { PasswordResetTokenRepository } from '../ports/password-reset-token-repository.js';
import type { RefreshTokenRepository, RotationState } from '../ports/refresh-token-repository.js';
import type { SessionRepository } from '../ports/session-repository.js';
import type {
  AddUserOutcome,
  UserListPage,
  UserListQuery,
  UserRepository,
} from '../ports/user-repository.js';
import type { InMemoryDatabase } from './in-memory-database.js';

type Guard = () => void;

abstract class Table {
  constructor(
    protected readonly db: InMemoryDatabase,
    private readonly guard: Guard,
  ) {}

  protected get t() {
    this.guard();
    return this.db.tables;
  }
}

const before = (a: Date, b: Date) => a.getTime() < b.getTime();

export class InMemoryUserRepository extends Table implements UserRepository {
  async add(user: User, emailSkeleton?: string): Promise<AddUserOutcome> {
    const email = user.email.trim().toLowerCase();
    for (const existing of this.t.users.values()) {
      if (existing.email.toLowerCase() === email) return 'email_taken';
    }
    if (emailSkeleton !== undefined) {
      for (const taken of this.t.emailSkeletons.values())
        if (taken === emailSkeleton) return 'email_confusable';
      this.t.emailSkeletons.set(user.id, emailSkeleton);
    }
    this.t.users.set(user.id, { ...user, email });
    return 'added';
  }

  async update(user: User): Promise<void> {
    const existing = this.t.users.get(user.id);
    if (existing === undefined) return;
    this.t.users.set(user.id, {
      ...user,
      id: existing.id,
      email: existing.email,
      createdAt: existing.createdAt,
    });
  }

  async findById(id: string): Promise<User | null> {
    return this.t.users.get(id) ?? null;
  }

  async findByIdForUpdate(id: string): Promise<User | null> {
    // Transactions already run one at a time here: the lock is implied.
    return this.findById(id);
  }

  async findByEmail(email: string): Promise<User | null> {
    const wanted = email.trim().toLowerCase();
    for (const user of this.t.users.values()) if (user.email.toLowerCase() === wanted) return user;
    return null;
  }

  async list(query: UserListQuery): Promise<UserListPage> {
    const q = query.q?.toLowerCase();
    const matching = [...this.t.users.values()]
      .filter(
        (u) =>
          (query.status === undefined || u.status === query.status) &&
          (q === undefined || u.email.toLowerCase().includes(q)),
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compare(a.id, b.id));
    return { items: matching.slice(query.offset, query.offset + query.limit), total: matching.length };
  }

  async count(): Promise<number> {
    return this.t.users.size;
  }

  async countActiveAdmins(): Promise<number> {
    return [...this.t.users.values()].filter(isActiveAdmin).length;
  }
}

export class InMemorySessionRepository extends Table implements SessionRepository {
  async add(session: Session): Promise<void> {
    if (this.t.sessions.has(session.id)) throw new Error(`duplicate session id ${session.id}`);
    this.t.sessions.set(session.id, session);
  }

  async findById(id: string): Promise<Session | null> {
    return this.t.sessions.get(id) ?? null;
  }

  async findWithUser(id: string): Promise<{ session: Session; user: User } | null> {
    const session = this.t.sessions.get(id);
    const user = session === undefined ? undefined : this.t.users.get(session.userId);
    return session === undefined || user === undefined ? null : { session, user };
  }

  async touch(
    id: string,
    at: Date,
    expiresAt: Date,
    client: { userAgent: string | null; ip: string | null },
  ) {
    const s = this.t.sessions.get(id);
    if (s !== undefined) this.t.sessions.set(id, { ...s, lastUsedAt: at, expiresAt, ...client });
  }

  async listLive(userId: string, now: Date): Promise<readonly Session[]> {
    return [...this.t.sessions.values()]
      .filter((s) => s.userId === userId && isSessionLive(s, now))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || compare(b.id, a.id));
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const s = this.t.sessions.get(id);
    if (s === undefined || s.revokedAt !== null) return false;
    this.t.sessions.set(id, { ...s, revokedAt: at });
    return true;
  }

  async revokeAllForUser(userId: string, at: Date, exceptId?: string): Promise<number> {
    let n = 0;
    for (const s of this.t.sessions.values()) {
      if (s.userId === userId && s.id !== exceptId && s.revokedAt === null) {
        this.t.sessions.set(s.id, { ...s, revokedAt: at });
        n++;
      }
    }
    return n;
  }

  async deleteEndedBefore(cutoff: Date, limit: number): Promise<number> {
    const ended = [...this.t.sessions.values()]
      .filter((s) => before(s.expiresAt, cutoff) || (s.revokedAt !== null && before(s.revokedAt, cutoff)))
      .slice(0, limit);
    for (const s of ended) {
      this.t.sessions.delete(s.id);
      // As the foreign key's ON DELETE CASCADE does.
      for (const t of [...this.t.refreshTokens.values()])
        if (t.sessionId === s.id) this.t.refreshTokens.delete(t.jti);
    }
    return ended.length;
  }
}

export class InMemoryRefreshTokenRepository extends Table implements RefreshTokenRepository {
  async add(token: RefreshToken): Promise<void> {
    if (this.t.refreshTokens.has(token.jti)) throw new Error(`duplicate refresh token jti ${token.jti}`);
    if (!this.t.sessions.has(token.sessionId))
      throw new Error(`refresh token for unknown session ${token.sessionId}`);
    this.t.refreshTokens.set(token.jti, token);
  }

  async findByJti(jti: string): Promise<RefreshToken | null> {
    return this.t.refreshTokens.get(jti) ?? null;
  }

  async markSpent(jti: string, at: Date, replacedBy: string): Promise<boolean> {
    const token = this.t.refreshTokens.get(jti);
    if (token === undefined || token.spentAt !== null || token.revokedAt !== null) return false;
    this.t.refreshTokens.set(jti, { ...token, spentAt: at, replacedBy });
    return true;
  }

  async rotate(jti: string, at: Date, successor: RefreshToken): Promise<boolean> {
    if (!(await this.markSpent(jti, at, successor.jti))) return false;
    await this.add(successor);
    return true;
  }

  async findForRotation(claims: {
    readonly userId: string;
    readonly jti: string;
    readonly sessionId: string;
  }): Promise<RotationState> {
    return {
      user: this.t.users.get(claims.userId) ?? null,
      token: this.t.refreshTokens.get(claims.jti) ?? null,
      session: this.t.sessions.get(claims.sessionId) ?? null,
    };
  }

  async revokeForSession(sessionId: string, at: Date): Promise<number> {
    return this.revokeWhere((t) => t.sessionId === sessionId, at);
  }

  async revokeForUser(userId: string, at: Date, exceptSessionId?: string): Promise<number> {
    return this.revokeWhere((t) => t.userId === userId && t.sessionId !== exceptSessionId, at);
  }

  async deleteExpiredBefore(cutoff: Date, limit: number): Promise<number> {
    return this.deleteWhere((t) => before(t.expiresAt, cutoff), limit);
  }

  async deleteRevokedCreatedBefore(cutoff: Date, limit: number): Promise<number> {
    return this.deleteWhere((t) => t.revokedAt !== null && before(t.createdAt, cutoff), limit);
  }

  private revokeWhere(match: (t: RefreshToken) => boolean, at: Date): number {
    let n = 0;
    for (const token of this.t.refreshTokens.values()) {
      if (token.revokedAt === null && match(token)) {
        this.t.refreshTokens.set(token.jti, { ...token, revokedAt: at });
        n++;
      }
    }
    return n;
  }

  private deleteWhere(match: (t: RefreshToken) => boolean, limit: number): number {
    const deleted = new Set<string>();
    for (const token of [...this.t.refreshTokens.values()]) {
      if (deleted.size >= limit) break;
      if (match(token)) {
        this.t.refreshTokens.delete(token.jti);
        deleted.add(token.jti);
      }
    }
    // As the foreign key's ON DELETE SET NULL does: a child outlives its cleaned-up parent.
    for (const token of this.t.refreshTokens.values()) {
      if (token.parentJti !== null && deleted.has(token.parentJti)) {
        this.t.refreshTokens.set(token.jti, { ...token, parentJti: null });
      }
    }
    return deleted.size;
  }
}

export class InMemoryPasswordResetTokenRepository extends Table implements PasswordResetTokenRepository {
  async add(token: PasswordResetToken): Promise<void> {
    for (const t of this.t.resetTokens.values()) {
      if (t.tokenHash === token.tokenHash) throw new Error('duplicate reset token hash');
    }
    this.t.resetTokens.set(token.id, token);
  }

  async findByHash(tokenHash: string): Promise<PasswordResetToken | null> {
    for (const t of this.t.resetTokens.values()) if (t.tokenHash === tokenHash) return t;
    return null;
  }

  async markUsed(id: string, at: Date): Promise<boolean> {
    const token = this.t.resetTokens.get(id);
    if (token === undefined || token.usedAt !== null) return false;
    this.t.resetTokens.set(id, { ...token, usedAt: at });
    return true;
  }

  async revokeForUser(userId: string, at: Date): Promise<number> {
    let n = 0;
    for (const t of [...this.t.resetTokens.values()]) {
      if (t.userId === userId && t.usedAt === null) {
        this.t.resetTokens.set(t.id, { ...t, usedAt: at });
        n++;
      }
    }
    return n;
  }

  async countCreatedSince(userId: string, since: Date): Promise<number> {
    return [...this.t.resetTokens.values()].filter((t) => t.userId === userId && !before(t.createdAt, since))
      .length;
  }

  async deleteForUser(userId: string, exceptId?: string): Promise<number> {
    let n = 0;
    for (const t of [...this.t.resetTokens.values()]) {
      if (t.userId === userId && t.id !== exceptId) {
        this.t.resetTokens.delete(t.id);
        n++;
      }
    }
    return n;
  }

  async deleteFinishedBefore(cutoff: Date, limit: number): Promise<number> {
    let n = 0;
    for (const t of [...this.t.resetTokens.values()]) {
      if (n >= limit) break;
      const finishedAt = t.usedAt ?? t.expiresAt;
      if (before(finishedAt, cutoff)) {
        this.t.resetTokens.delete(t.id);
        n++;
      }
    }
    return n;
  }
}

export class InMemoryOutbox extends Table implements Outbox {
  async enqueue(job: NewOutboxJob): Promise<void> {
    this.t.outbox.set(job.id, {
      ...job,
      attempts: 0,
      nextAttemptAt: job.createdAt,
      lockedUntil: null,
      lastError: null,
      doneAt: null,
      failedAt: null,
    });
  }

  async rewrite(claim: JobClaim, message: OutboxMessage): Promise<boolean> {
    const job = this.t.outbox.get(claim.id);
    if (
      job === undefined ||
      job.attempts !== claim.attempts ||
      job.doneAt !== null ||
      job.failedAt !== null
    ) {
      return false;
    }
    this.t.outbox.set(job.id, { ...job, message });
    return true;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
