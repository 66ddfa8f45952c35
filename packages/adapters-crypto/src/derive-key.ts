import { hkdfSync } from 'node:crypto';

// A fixed, application-specific salt: HKDF's extract step then yields keys no other application
// would derive from the same secret. Changing it changes every derived key.
const SALT = 'codex-auth/hkdf/v1';

/**
 * Derives a key for one purpose (`'jwt'`, …) from the application's SECRET_KEY with HKDF-SHA256,
 * so one configured secret can feed several uses without a leak of one key exposing another.
 */
export function deriveKey(secretKey: string, purpose: string, length = 32): Buffer {
  if (secretKey.length === 0) throw new RangeError('deriveKey: secretKey must not be empty');
  if (purpose.length === 0) throw new RangeError('deriveKey: purpose must not be empty');
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), SALT, `codex-auth:${purpose}`, length),
  );
}
