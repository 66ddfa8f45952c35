import type { Role } from '../model/role.js';

export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
  readonly role: Role;
  readonly email: string;
  readonly jti: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

export interface RefreshClaims {
  readonly userId: string;
  readonly sessionId: string;
  readonly jti: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/**
 * Signs and checks JWTs. Verification pins the algorithm and checks type, issuer, audience and
 * expiry at `now`; any failure is `null`, since callers answer every bad token the same way.
 * Signing depends on the claims alone: the same refresh claims sign to the same token, which lets a
 * grace replay hand out again the refresh token a rotation issued, from its stored record.
 */
export interface TokenService {
  signAccess(claims: AccessClaims): Promise<string>;
  signRefresh(claims: RefreshClaims): Promise<string>;
  verifyAccess(token: string, now: Date): Promise<AccessClaims | null>;
  verifyRefresh(token: string, now: Date): Promise<RefreshClaims | null>;
}
