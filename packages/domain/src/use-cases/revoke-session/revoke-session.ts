import type { DomainDependencies } from '../../dependencies.js';
import type { Principal } from '../../model/principal.js';
import { isSessionLive } from '../../model/session.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { isUuid } from '../../shared/uuid.js';
import { revokeSession } from '../shared/revoke-sessions.js';

export interface RevokeSessionInput {
  readonly principal: Principal;
  readonly sessionId: string;
}

export type RevokeSessionResult = Result<void, 'not_found'>;

/**
 * Ends one of the caller's own live sessions. Another user's session answers exactly like one that
 * does not exist, so session ids cannot be probed.
 */
export class RevokeSession {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock' | 'events'>) {}

  async execute(input: RevokeSessionInput): Promise<RevokeSessionResult> {
    const { uow, clock, events } = this.deps;
    const notFound = fail('not_found', MESSAGES.sessionNotFound);
    if (!isUuid(input.sessionId)) return notFound;
    const now = clock.now();
    const { userId } = input.principal;
    const done = await uow.run(async (scope) => {
      const session = await scope.sessions.findById(input.sessionId);
      if (session === null || session.userId !== userId || !isSessionLive(session, now)) return false;
      return revokeSession(scope, session.id, now);
    });
    if (!done) return notFound;
    events.record({ name: 'session_revoked', userId, sessionId: input.sessionId });
    return ok();
  }
}
