import type { RefreshToken } from '../model/refresh-token.js';

export interface RefreshTokenRepository {
  add(token: RefreshToken): Promise<void>;
  findByJti(jti: string): Promise<RefreshToken | null>;
  /**
   * The rotation: marks the token spent and records its successor, only if it is neither spent nor
   * revoked. Atomic: of any number of concurrent calls for one jti exactly one gets `true`.
   */
  markSpent(jti: string, at: Date, replacedBy: string): Promise<boolean>;
  /** Revokes every unrevoked token of the session; returns how many. */
  revokeForSession(sessionId: string, at: Date): Promise<number>;
  /** Revokes every unrevoked token of the user's sessions but `exceptSessionId`'s. */
  revokeForUser(userId: string, at: Date, exceptSessionId?: string): Promise<number>;
  /** Deletes up to `limit` tokens that expired before `cutoff`; returns how many. */
  deleteExpiredBefore(cutoff: Date, limit: number): Promise<number>;
  /** Deletes up to `limit` revoked tokens created before `cutoff` (and not counted as expired). */
  deleteRevokedCreatedBefore(cutoff: Date, limit: number): Promise<number>;
}
