import type { RefreshToken } from '../model/refresh-token.js';
import type { Session } from '../model/session.js';
import type { User } from '../model/user.js';

/** What a refresh token's claims name: each looked up on its own, null when there is none. */
export interface RotationState {
  readonly user: User | null;
  readonly token: RefreshToken | null;
  readonly session: Session | null;
}

export interface RefreshTokenRepository {
  add(token: RefreshToken): Promise<void>;
  findByJti(jti: string): Promise<RefreshToken | null>;
  /**
   * The rotation: marks the token spent and records its successor, only if it is neither spent nor
   * revoked. Atomic: of any number of concurrent calls for one jti exactly one gets `true`.
   */
  markSpent(jti: string, at: Date, replacedBy: string): Promise<boolean>;
  /**
   * `markSpent(jti, at, successor.jti)` and, only when that wins, `add(successor)`, as one step: a
   * rotation's writes in one round trip. Atomic like `markSpent`: of concurrent calls for one jti
   * exactly one gets `true`, and only its successor is stored.
   */
  rotate(jti: string, at: Date, successor: RefreshToken): Promise<boolean>;
  /**
   * The user, the token and the session a refresh token's claims name, in one read: the same as
   * `users.findById`, `findByJti` and `sessions.findById`, each on its own (none of them required to
   * belong to the others; judging that is the caller's).
   */
  findForRotation(claims: {
    readonly userId: string;
    readonly jti: string;
    readonly sessionId: string;
  }): Promise<RotationState>;
  /** Revokes every unrevoked token of the session; returns how many. */
  revokeForSession(sessionId: string, at: Date): Promise<number>;
  /** Revokes every unrevoked token of the user's sessions but `exceptSessionId`'s. */
  revokeForUser(userId: string, at: Date, exceptSessionId?: string): Promise<number>;
  /** Deletes up to `limit` tokens that expired before `cutoff`; returns how many. */
  deleteExpiredBefore(cutoff: Date, limit: number): Promise<number>;
  /** Deletes up to `limit` revoked tokens created before `cutoff` (and not counted as expired). */
  deleteRevokedCreatedBefore(cutoff: Date, limit: number): Promise<number>;
}
