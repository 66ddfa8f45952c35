import type { DomainDependencies } from '../../dependencies.js';
import { toUserView, User, type UserView } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { isUuid } from '../../shared/uuid.js';
import { guardLastAdmin } from '../shared/last-admin.js';
import { revokeUserSessions } from '../shared/revoke-sessions.js';

export interface RejectUserInput {
  readonly id: string;
}

export type RejectUserResult = Result<UserView, 'not_found' | 'last_admin'>;

/** From any status, an approved user included; their sessions end on the next request. */
export class RejectUser {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock' | 'events'>) {}

  async execute(input: RejectUserInput): Promise<RejectUserResult> {
    const { uow, clock, events } = this.deps;
    if (!isUuid(input.id)) return fail('not_found', MESSAGES.userNotFound);
    const now = clock.now();
    const result = await uow.run(async (scope) => {
      const user = await scope.users.findByIdForUpdate(input.id);
      if (user === null) return fail('not_found', MESSAGES.userNotFound);
      const rejected = User.reject(user);
      const guard = await guardLastAdmin(scope, user, rejected);
      if (guard !== null) return guard;
      await scope.users.update(rejected);
      await revokeUserSessions(scope, user.id, now);
      return ok(rejected);
    });
    if (!result.ok) return result;
    events.record({ name: 'user_rejected', userId: input.id });
    return ok(toUserView(result.value));
  }
}
