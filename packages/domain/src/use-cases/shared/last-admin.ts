import { isActiveAdmin, type User } from '../../model/user.js';
import type { TransactionScope } from '../../ports/unit-of-work.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, type Failure } from '../../shared/result.js';

/**
 * Refuses a change that would take away the last approved admin, since nobody could then approve
 * anyone. Counting locks the admins' rows (see UserRepository), so concurrent changes serialise.
 */
export async function guardLastAdmin(
  scope: TransactionScope,
  before: User,
  after: User,
): Promise<Failure<'last_admin'> | null> {
  if (!isActiveAdmin(before) || isActiveAdmin(after)) return null;
  const admins = await scope.users.countActiveAdmins();
  return admins <= 1 ? fail('last_admin', MESSAGES.lastAdmin) : null;
}
