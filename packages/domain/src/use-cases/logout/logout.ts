import type { DomainDependencies } from '../../dependencies.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { revokeSession } from '../shared/revoke-sessions.js';

export interface LogoutInput {
  readonly refreshToken: string;
}

export type LogoutResult = Result<void, 'refresh_required' | 'invalid_refresh'>;

/**
 * Ends the session the refresh token belongs to. Idempotent: a correctly signed token whose session
 * is already revoked, or no longer known, still succeeds, since the outcome the caller wants holds.
 */
export class Logout {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'tokens' | 'clock' | 'events'>) {}

  async execute(input: LogoutInput): Promise<LogoutResult> {
    const { uow, tokens, clock, events } = this.deps;
    if (input.refreshToken === '') return fail('refresh_required', MESSAGES.refreshRequired);
    const now = clock.now();
    const claims = await tokens.verifyRefresh(input.refreshToken, now);
    if (claims === null) {
      events.record({ name: 'logout_invalid_refresh' });
      return fail('invalid_refresh', MESSAGES.invalidRefresh);
    }
    await uow.run(async (scope) => {
      const session = await scope.sessions.findById(claims.sessionId);
      if (session !== null && session.userId === claims.userId) await revokeSession(scope, session.id, now);
    });
    events.record({ name: 'logout_ok', userId: claims.userId, sessionId: claims.sessionId });
    return ok();
  }
}
