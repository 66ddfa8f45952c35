import type { Session } from '../model/session.js';
import type { User } from '../model/user.js';

export interface SessionRepository {
  add(session: Session): Promise<void>;
  findById(id: string): Promise<Session | null>;
  /**
   * The session and the account it belongs to, read together (one query where the store can):
   * authenticating a request needs both, on every request. Null when the session does not exist.
   */
  findWithUser(id: string): Promise<{ readonly session: Session; readonly user: User } | null>;
  /** Records a refresh: when it happened, from where, and the new expiry of the session. */
  touch(
    id: string,
    at: Date,
    expiresAt: Date,
    client: { userAgent: string | null; ip: string | null },
  ): Promise<void>;
  /** Sessions neither revoked nor expired at `now`, newest first (`createdAt` desc, then `id` desc). */
  listLive(userId: string, now: Date): Promise<readonly Session[]>;
  /** Revokes one live session; false when it was already revoked or does not exist. */
  revoke(id: string, at: Date): Promise<boolean>;
  /** Revokes every unrevoked session of the user but `exceptId`; returns how many it revoked. */
  revokeAllForUser(userId: string, at: Date, exceptId?: string): Promise<number>;
  /**
   * Deletes up to `limit` sessions revoked or expired before `cutoff`, with their refresh tokens;
   * returns how many sessions.
   */
  deleteEndedBefore(cutoff: Date, limit: number): Promise<number>;
}
