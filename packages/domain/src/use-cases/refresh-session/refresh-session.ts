import type { DomainDependencies } from '../../dependencies.js';
import type { DomainEvent } from '../../model/events.js';
import { clampUserAgent, isSessionLive } from '../../model/session.js';
import type { TokenPair } from '../../model/token-pair.js';
import type { RefreshClaims } from '../../ports/token-service.js';
import type { TransactionScope } from '../../ports/unit-of-work.js';
import type { AccountStatusCode } from '../../shared/error-codes.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { accountStatusFailure } from '../shared/account-status.js';
import { issueTokens } from '../shared/issue-tokens.js';
import { revokeSession } from '../shared/revoke-sessions.js';

export interface RefreshSessionInput {
  readonly refreshToken: string;
  readonly userAgent?: string | null;
  readonly ip?: string | null;
}

export type RefreshSessionResult = Result<
  TokenPair,
  'refresh_required' | 'invalid_refresh' | 'refresh_revoked' | 'refresh_reused' | AccountStatusCode
>;

/**
 * Rotation: the presented refresh token is spent and a new pair issued in the same session.
 *
 * Of concurrent refreshes of one token exactly one wins the rotation (an atomic conditional update).
 * A spent token shown again within the grace window gets a fresh pair too, so browser tabs racing
 * each other do not log the user out; after the window it is reuse, a sign the token was stolen, and
 * the whole session is revoked. That revocation commits although the request fails.
 */
export class RefreshSession {
  constructor(
    private readonly deps: Pick<
      DomainDependencies,
      'uow' | 'tokens' | 'clock' | 'ids' | 'events' | 'settings'
    >,
  ) {}

  async execute(input: RefreshSessionInput): Promise<RefreshSessionResult> {
    const { uow, tokens, clock } = this.deps;
    if (input.refreshToken === '') return fail('refresh_required', MESSAGES.refreshRequired);
    const now = clock.now();
    const claims = await tokens.verifyRefresh(input.refreshToken, now);
    if (claims === null) return fail('invalid_refresh', MESSAGES.invalidRefresh);
    // Events are recorded after the commit: a unit of work may run its callback again (a database
    // retrying a deadlock), and a log line must describe what did happen, once.
    const outcome = await uow.run((scope) => this.rotate(scope, claims, now, input));
    if (outcome.event !== undefined) this.deps.events.record(outcome.event);
    return outcome.result;
  }

  private async rotate(
    scope: TransactionScope,
    claims: RefreshClaims,
    now: Date,
    input: RefreshSessionInput,
  ): Promise<Outcome> {
    const { ids, settings } = this.deps;
    const revoked = (): Outcome => ({
      result: fail('refresh_revoked', MESSAGES.refreshRevoked),
      event: { name: 'refresh_revoked_or_expired', userId: claims.userId, sessionId: claims.sessionId },
    });

    const user = await scope.users.findById(claims.userId);
    if (user === null) return revoked();
    // A user who may no longer log in is told so (403), before the revoked-token answer (401)
    // that leaving `approved` also causes.
    const statusFailure = accountStatusFailure(user);
    if (statusFailure !== null) return { result: statusFailure };

    const [record, session] = await Promise.all([
      scope.refreshTokens.findByJti(claims.jti),
      scope.sessions.findById(claims.sessionId),
    ]);
    if (record === null || session === null) return revoked();
    if (record.sessionId !== session.id || session.userId !== user.id) return revoked();
    if (record.revokedAt !== null || !isSessionLive(session, now)) return revoked();
    if (record.expiresAt.getTime() <= now.getTime()) return revoked();

    const newJti = ids.next();
    const won = record.spentAt === null && (await scope.refreshTokens.markSpent(record.jti, now, newJti));
    if (!won) {
      // Spent before, or just now by a concurrent refresh: read when, to judge the grace window.
      const spent = record.spentAt === null ? await scope.refreshTokens.findByJti(record.jti) : record;
      if (spent === null || spent.revokedAt !== null || spent.spentAt === null) return revoked();
      const elapsedMs = now.getTime() - spent.spentAt.getTime();
      if (elapsedMs >= settings.refreshReuseGraceSeconds * 1000) {
        await revokeSession(scope, session.id, now);
        return {
          result: fail('refresh_reused', MESSAGES.refreshReused),
          event: {
            name: 'refresh_reused',
            userId: user.id,
            sessionId: session.id,
            details: { spent_seconds_ago: Math.floor(elapsedMs / 1000) },
          },
        };
      }
    }

    const issued = await issueTokens(this.deps, scope, {
      user,
      sessionId: session.id,
      now,
      refreshJti: newJti,
      parentJti: record.jti,
    });
    await scope.sessions.touch(session.id, now, issued.refreshExpiresAt, {
      userAgent: clampUserAgent(input.userAgent) ?? session.userAgent,
      ip: input.ip ?? session.ip,
    });
    return {
      result: ok(issued.pair),
      event: {
        name: 'refresh_ok',
        userId: user.id,
        sessionId: session.id,
        ...(won ? {} : { reason: 'grace_window' }),
      },
    };
  }
}

interface Outcome {
  readonly result: RefreshSessionResult;
  readonly event?: DomainEvent;
}
