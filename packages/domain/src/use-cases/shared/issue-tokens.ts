import type { DomainDependencies } from '../../dependencies.js';
import type { TokenPair } from '../../model/token-pair.js';
import type { User } from '../../model/user.js';
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
  const { tokens, ids, settings } = deps;
  const { user, sessionId, now } = req;
  const refreshJti = req.refreshJti ?? ids.next();
  const refreshExpiresAt = addSeconds(now, settings.refreshTokenTtlSeconds);
  await scope.refreshTokens.add({
    jti: refreshJti,
    sessionId,
    userId: user.id,
    parentJti: req.parentJti,
    createdAt: now,
    expiresAt: refreshExpiresAt,
    spentAt: null,
    replacedBy: null,
    revokedAt: null,
  });
  const accessToken = await tokens.signAccess({
    userId: user.id,
    sessionId,
    role: user.role,
    email: user.email,
    jti: ids.next(),
    issuedAt: now,
    expiresAt: addSeconds(now, settings.accessTokenTtlSeconds),
  });
  const refreshToken = await tokens.signRefresh({
    userId: user.id,
    sessionId,
    jti: refreshJti,
    issuedAt: now,
    expiresAt: refreshExpiresAt,
  });
  return {
    pair: { accessToken, refreshToken, tokenType: 'bearer', expiresIn: settings.accessTokenTtlSeconds },
    refreshExpiresAt,
  };
}

export function addSeconds(at: Date, seconds: number): Date {
  return new Date(at.getTime() + seconds * 1000);
}
