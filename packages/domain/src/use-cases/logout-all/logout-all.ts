import type { DomainDependencies } from '../../dependencies.js';
import type { Principal } from '../../model/principal.js';
import { User } from '../../model/user.js';
import { ok, type Result } from '../../shared/result.js';
import { revokeUserSessions } from '../shared/revoke-sessions.js';

export interface LogoutAllInput {
  readonly principal: Principal;
}

export type LogoutAllResult = Result<{ readonly revoked: number }, never>;

/** Every session of the user ends, the caller's included; access tokens stop on the next request. */
export class LogoutAll {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock' | 'events'>) {}

  async execute(input: LogoutAllInput): Promise<LogoutAllResult> {
    const { uow, clock, events } = this.deps;
    const now = clock.now();
    const { userId } = input.principal;
    const revoked = await uow.run(async (scope) => {
      // The user row first: see the lock order in shared/revoke-sessions.ts.
      const user = await scope.users.findByIdForUpdate(userId);
      if (user !== null) await scope.users.update(User.invalidateTokens(user, now));
      return revokeUserSessions(scope, userId, now);
    });
    events.record({ name: 'logout_all_ok', userId, details: { revoked } });
    return ok({ revoked });
  }
}
