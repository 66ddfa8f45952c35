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
  registrationClosed: 'registration is closed',
  userNotFound: 'user not found',
  sessionNotFound: 'session not found',
  lastAdmin: 'this change would leave no approved admin',
} as const;
