import type { TransactionScope } from '../../ports/unit-of-work.js';

/*
 * Lock order. Every use case that writes several of these takes row locks in one order — the user,
 * then refresh tokens, then sessions — which is the order a refresh rotation takes them in (it spends
 * a token, then touches its session). Two transactions taking the same rows in opposite orders can
 * deadlock on a database that locks rows; keeping one order everywhere means they queue instead.
 */

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
  await scope.refreshTokens.revokeForUser(userId, at, exceptSessionId);
  return scope.sessions.revokeAllForUser(userId, at, exceptSessionId);
}

export async function revokeSession(scope: TransactionScope, sessionId: string, at: Date): Promise<boolean> {
  await scope.refreshTokens.revokeForSession(sessionId, at);
  return scope.sessions.revoke(sessionId, at);
}
