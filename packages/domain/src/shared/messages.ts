/**
 * Human sentences for failures. Those marked seed are the Flask server's `detail` strings, which
 * its clients may compare; keep them byte for byte.
 */
export const MESSAGES = {
  invalidCredentials: 'invalid credentials', // seed
  notApproved: 'not approved', // seed
  rejected: 'account rejected',
  disabled: 'account disabled',
  unauthorized: 'unauthorized', // seed
  forbidden: 'forbidden', // seed
  refreshRequired: 'refresh token required', // seed
  invalidRefresh: 'invalid refresh', // seed
  refreshRevoked: 'refresh revoked or expired', // seed
  refreshReused: 'refresh token reused; the session has been revoked',
  invalidToken: 'invalid or expired token',
  emailTaken: 'email already registered',
  // One answer for the same address and for a lookalike of one (docs/api.md): it tells no more than
  // "email already registered" did, and tells someone whose address only looks alike why.
  emailTakenField: 'is already registered, or looks like an address that is',
  registrationClosed: 'registration is closed',
  userNotFound: 'user not found',
  sessionNotFound: 'session not found',
  lastAdmin: 'this change would leave no approved admin',
  tooManyAttempts: 'too many failed attempts, try again later',
} as const;

/** The field message for a value outside a fixed list: `must be 'a' or 'b'` (or `'a', 'b' or 'c'`). */
export function mustBeOneOf(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  const last = quoted.pop();
  return quoted.length === 0 ? `must be ${last}` : `must be ${quoted.join(', ')} or ${last}`;
}
