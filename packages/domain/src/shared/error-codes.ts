/**
 * Every stable code an expected failure of the domain can carry. Clients match on these, so they
 * never change meaning; the HTTP adapter maps each to a status in one table.
 */
export const ERROR_CODES = [
  'validation_failed',
  'email_taken',
  'registration_closed',
  'invalid_credentials',
  'account_pending',
  'account_rejected',
  'account_disabled',
  'unauthorized',
  'forbidden',
  'refresh_required',
  'invalid_refresh',
  'refresh_revoked',
  'refresh_reused',
  'invalid_token',
  'not_found',
  'last_admin',
  // Too many failed attempts at a secret; the failure carries `retry` (when, which limit).
  'rate_limited',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type AccountStatusCode = 'account_pending' | 'account_rejected' | 'account_disabled';
