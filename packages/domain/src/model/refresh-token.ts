/**
 * The server-side record of one refresh JWT, keyed by its `jti`. The JWT itself is never stored:
 * its signature proves it, this row says whether it may still be used.
 */
export interface RefreshToken {
  readonly jti: string;
  readonly sessionId: string;
  readonly userId: string;
  /** The token this one was issued in exchange for; null for the first of a session. */
  readonly parentJti: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** Set once, by the refresh that won the rotation. */
  readonly spentAt: Date | null;
  /** The token that rotation issued: exactly one per spent token. */
  readonly replacedBy: string | null;
  readonly revokedAt: Date | null;
}
