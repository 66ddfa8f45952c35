import type { TransactionScope } from '../../ports/unit-of-work.js';

/**
 * Ends every session of the user (but `exceptSessionId`) and their refresh tokens, so that both the
 * access tokens (through their session) and the refresh tokens stop working on the next request.
 */
export async function revokeUserSessions(
  scope: TransactionScope,
  userId: string,
  at: Date,
  exceptSessionId?: string,
): Promise<number> {
  const revoked = await scope.sessions.revokeAllForUser(userId, at, exceptSessionId);
  await scope.refreshTokens.revokeForUser(userId, at, exceptSessionId);
  return revoked;
}

export async function revokeSession(scope: TransactionScope, sessionId: string, at: Date): Promise<boolean> {
  const revoked = await scope.sessions.revoke(sessionId, at);
  await scope.refreshTokens.revokeForSession(sessionId, at);
  return revoked;
}
