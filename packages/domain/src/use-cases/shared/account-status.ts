import type { User } from '../../model/user.js';
import type { AccountStatusCode } from '../../shared/error-codes.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, type Failure } from '../../shared/result.js';

/** Why this user may not hold tokens, or null when approved. */
export function accountStatusFailure(user: User): Failure<AccountStatusCode> | null {
  switch (user.status) {
    case 'approved':
      return null;
    case 'pending':
      return fail('account_pending', MESSAGES.notApproved);
    case 'rejected':
      return fail('account_rejected', MESSAGES.rejected);
    case 'disabled':
      return fail('account_disabled', MESSAGES.disabled);
  }
}
