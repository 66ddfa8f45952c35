import type { DomainDependencies } from '../../dependencies.js';
import type { RefreshToken } from '../../model/refresh-token.js';
import type { TokenPair } from '../../model/token-pair.js';
import type { User } from '../../model/user.js';
import type { RefreshClaims } from '../../ports/token-service.js';
import type { TransactionScope } from '../../ports/unit-of-work.js';

export type IssueDeps = Pick<DomainDependencies, 'tokens' | 'ids' | 'settings'>;

export interface IssueRequest {
  readonly user: User;
  readonly sessionId: string;
  readonly now: Date;
  /** The jti for the new refresh token, when the caller had to know it before (rotation). */
  readonly refreshJti?: string;
  readonly parentJti: string | null;
}

export interface Issued {
  readonly pair: TokenPair;
  readonly refreshExpiresAt: Date;
}

/** Stores the new refresh token's record and signs both tokens. Runs inside the caller's scope. */
export async function issueTokens(
  deps: IssueDeps,
  scope: TransactionScope,
  req: IssueRequest,
): Promise<Issued> {
  const record = newRefreshToken(deps, req);
  await scope.refreshTokens.add(record);
  return reissueTokens(deps, { user: req.user, now: req.now, refresh: record });
}

/** The record of a new refresh token, not yet stored (a rotation stores it with the spend). */
export function newRefreshToken(deps: IssueDeps, req: IssueRequest): RefreshToken {
  const { user, sessionId, now } = req;
  return {
    jti: req.refreshJti ?? deps.ids.next(),
    sessionId,
    userId: user.id,
    parentJti: req.parentJti,
    createdAt: now,
    expiresAt: addSeconds(now, deps.settings.refreshTokenTtlSeconds),
    spentAt: null,
    replacedBy: null,
    revokedAt: null,
  };
}

/**
 * A new access token with a refresh token, signed from its record (just stored, or stored before and
 * signed again). Every
 * claim of a refresh JWT comes from that record (jti, user, session, creation, expiry), so this is
 * the token first handed out: the same jti and claims, and with the HMAC-signed JWTs of the crypto
 * adapter the same string. Nothing secret needs storing to give it out again.
 */
export async function reissueTokens(
  deps: IssueDeps,
  req: { readonly user: User; readonly now: Date; readonly refresh: RefreshToken },
): Promise<Issued> {
  const { user, now, refresh } = req;
  return signPair(deps, user, now, {
    userId: refresh.userId,
    sessionId: refresh.sessionId,
    jti: refresh.jti,
    issuedAt: refresh.createdAt,
    expiresAt: refresh.expiresAt,
  });
}

async function signPair(deps: IssueDeps, user: User, now: Date, refresh: RefreshClaims): Promise<Issued> {
  const { tokens, ids, settings } = deps;
  const accessToken = await tokens.signAccess({
    userId: user.id,
    sessionId: refresh.sessionId,
    role: user.role,
    email: user.email,
    jti: ids.next(),
    issuedAt: now,
    expiresAt: addSeconds(now, settings.accessTokenTtlSeconds),
  });
  const refreshToken = await tokens.signRefresh(refresh);
  return {
    pair: { accessToken, refreshToken, tokenType: 'bearer', expiresIn: settings.accessTokenTtlSeconds },
    refreshExpiresAt: refresh.expiresAt,
  };
}

export function addSeconds(at: Date, seconds: number): Date {
  return new Date(at.getTime() + seconds * 1000);
}
