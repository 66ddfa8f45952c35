import type { DomainDependencies } from '../../dependencies.js';
import { isRole, ROLE_FIELD_MESSAGE } from '../../model/role.js';
import { isSettableStatus, SETTABLE_STATUS_FIELD_MESSAGE } from '../../model/user-status.js';
import { toUserView, User, type UserView } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, validationFailed, type FieldError, type Result } from '../../shared/result.js';
import { isUuid } from '../../shared/uuid.js';
import { guardLastAdmin } from '../shared/last-admin.js';
import { revokeUserSessions } from '../shared/revoke-sessions.js';

export interface UpdateUserInput {
  readonly id: string;
  /** Absent (undefined) leaves the field as it is. */
  readonly role?: unknown;
  readonly status?: unknown;
}

export type UpdateUserResult = Result<UserView, 'validation_failed' | 'not_found' | 'last_admin'>;

/**
 * Changes role and/or status (`approved` or `disabled`). Leaving `approved` ends the user's
 * sessions; a role change needs no revocation, since authorization reads the stored role each time.
 */
export class UpdateUser {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock' | 'events'>) {}

  async execute(input: UpdateUserInput): Promise<UpdateUserResult> {
    const { uow, clock, events } = this.deps;
    const errors: FieldError[] = [];
    if (input.role !== undefined && !isRole(input.role)) {
      errors.push({ field: 'role', message: ROLE_FIELD_MESSAGE });
    }
    if (input.status !== undefined && !isSettableStatus(input.status)) {
      errors.push({ field: 'status', message: SETTABLE_STATUS_FIELD_MESSAGE });
    }
    if (errors.length > 0) return validationFailed(errors);
    if (!isUuid(input.id)) return fail('not_found', MESSAGES.userNotFound);

    const now = clock.now();
    const result = await uow.run(async (scope) => {
      const user = await scope.users.findByIdForUpdate(input.id);
      if (user === null) return fail('not_found', MESSAGES.userNotFound);
      const updated = applyChanges(user, input, now);
      const guard = await guardLastAdmin(scope, user, updated);
      if (guard !== null) return guard;
      if (updated === user) return ok({ user, changed: false });
      await scope.users.update(updated);
      if (User.losesAccess(user, updated)) {
        await revokeUserSessions(scope, user.id, now);
      }
      return ok({ user: updated, changed: true });
    });
    if (!result.ok) return result;
    if (result.value.changed) {
      const { role, status } = result.value.user;
      events.record({ name: 'user_updated', userId: input.id, details: { role, status } });
    }
    return ok(toUserView(result.value.user));
  }
}

/** The same object when nothing changes (each transition keeps it), so callers can skip the write. */
function applyChanges(user: User, input: UpdateUserInput, now: Date): User {
  let next = user;
  if (isRole(input.role)) next = User.changeRole(next, input.role);
  if (isSettableStatus(input.status)) next = User.setStatus(next, input.status, now);
  return next;
}
