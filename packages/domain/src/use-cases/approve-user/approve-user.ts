import type { DomainDependencies } from '../../dependencies.js';
import { toUserView, User, type UserView } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { isUuid } from '../../shared/uuid.js';

export interface ApproveUserInput {
  readonly id: string;
}

export type ApproveUserResult = Result<UserView, 'not_found'>;

/** From pending, rejected or disabled to approved. Idempotent: approving twice changes nothing. */
export class ApproveUser {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock' | 'events'>) {}

  async execute(input: ApproveUserInput): Promise<ApproveUserResult> {
    const { uow, clock, events } = this.deps;
    if (!isUuid(input.id)) return fail('not_found', MESSAGES.userNotFound);
    const result = await uow.run(async (scope) => {
      const user = await scope.users.findByIdForUpdate(input.id);
      if (user === null) return null;
      if (user.status === 'approved') return { user, changed: false };
      const approved = User.approve(user, clock.now());
      await scope.users.update(approved);
      return { user: approved, changed: true };
    });
    if (result === null) return fail('not_found', MESSAGES.userNotFound);
    if (result.changed) events.record({ name: 'user_approved', userId: input.id });
    return ok(toUserView(result.user));
  }
}
