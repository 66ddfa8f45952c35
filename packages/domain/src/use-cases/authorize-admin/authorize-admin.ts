import type { Principal } from '../../model/principal.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';

/** Admin routes: the principal's role is the stored one (see Authenticate), so demotion bites at once. */
export function authorizeAdmin(principal: Principal): Result<Principal, 'forbidden'> {
  return principal.role === 'admin' ? ok(principal) : fail('forbidden', MESSAGES.forbidden);
}
