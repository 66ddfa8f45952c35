import type { DomainDependencies } from '../../dependencies.js';
import type { DomainEvent } from '../../model/events.js';
import { clampUserAgent, isSessionLive, type Session } from '../../model/session.js';
import type { TokenPair } from '../../model/token-pair.js';
import type { RefreshClaims } from '../../ports/token-service.js';
import type { TransactionScope } from '../../ports/unit-of-work.js';
import type { AccountStatusCode } from '../../shared/error-codes.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { accountStatusFailure } from '../shared/account-status.js';
import { newRefreshToken, reissueTokens, type Issued } from '../shared/issue-tokens.js';
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
 * A spent token shown again within the grace window gets the successor that rotation issued (the
 * same refresh token) and a new access token, so browser tabs racing each other do not log the user
 * out and the session still has one live refresh token. After the window, or once the successor has
 * itself been rotated, it is reuse, a sign the token was stolen, and the whole session is revoked.
 * That revocation commits although the request fails.
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

    // The user, the token and the session, in one read (a rotation is the second-hottest path).
    const { user, token: record, session } = await scope.refreshTokens.findForRotation(claims);
    if (user === null) return revoked();
    // A user who may no longer log in is told so (403), before the revoked-token answer (401)
    // that leaving `approved` also causes.
    const statusFailure = accountStatusFailure(user);
    if (statusFailure !== null) return { result: statusFailure };

    if (record === null || session === null) return revoked();
    if (record.sessionId !== session.id || session.userId !== user.id) return revoked();
    if (record.revokedAt !== null || !isSessionLive(session, now)) return revoked();
    if (record.expiresAt.getTime() <= now.getTime()) return revoked();

    if (record.spentAt === null) {
      const successor = newRefreshToken(this.deps, {
        user,
        sessionId: session.id,
        now,
        refreshJti: ids.next(),
        parentJti: record.jti,
      });
      // The spend and the successor in one step: of concurrent refreshes exactly one wins.
      if (await scope.refreshTokens.rotate(record.jti, now, successor)) {
        const issued = await reissueTokens(this.deps, { user, now, refresh: successor });
        return this.answered(scope, session, input, now, issued, false);
      }
    }

    // Spent before, or just now by a concurrent refresh that won the row: judge by what it committed.
    const spent = record.spentAt === null ? await scope.refreshTokens.findByJti(record.jti) : record;
    if (spent === null || spent.revokedAt !== null || spent.spentAt === null) return revoked();
    const successor =
      spent.replacedBy === null ? null : await scope.refreshTokens.findByJti(spent.replacedBy);
    if (successor === null || successor.revokedAt !== null) return revoked();
    // `now` was read when this request arrived, before it queued for the row, so a winner that
    // arrived later spent the token "after" it: that is no time at all, never a negative one that
    // would pass for grace (with a window of 0, a race lost is reuse like any other).
    const elapsedMs = Math.max(0, now.getTime() - spent.spentAt.getTime());
    // A successor already spent means the session moved on past the one token a replay may get.
    if (elapsedMs >= settings.refreshReuseGraceSeconds * 1000 || successor.spentAt !== null) {
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
    if (successor.expiresAt.getTime() <= now.getTime()) return revoked();
    // The grace replay: the successor the rotation issued, signed again from its stored claims, so
    // the session keeps its one live refresh token instead of growing a branch per replay.
    const issued = await reissueTokens(this.deps, { user, now, refresh: successor });
    return this.answered(scope, session, input, now, issued, true);
  }

  private async answered(
    scope: TransactionScope,
    session: Session,
    input: RefreshSessionInput,
    now: Date,
    issued: Issued,
    graceReplay: boolean,
  ): Promise<Outcome> {
    await scope.sessions.touch(session.id, now, issued.refreshExpiresAt, {
      userAgent: clampUserAgent(input.userAgent) ?? session.userAgent,
      ip: input.ip ?? session.ip,
    });
    return {
      result: ok(issued.pair),
      event: {
        name: 'refresh_ok',
        userId: session.userId,
        sessionId: session.id,
        ...(graceReplay ? { reason: 'grace_window' } : {}),
      },
    };
  }
}

interface Outcome {
  readonly result: RefreshSessionResult;
  readonly event?: DomainEvent;
}
