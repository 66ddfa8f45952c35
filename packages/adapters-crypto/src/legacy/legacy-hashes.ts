import { bcryptScheme } from './bcrypt.js';
import type { LegacyHashScheme } from './legacy-hash-scheme.js';
import { werkzeugPbkdf2Scheme } from './werkzeug-pbkdf2.js';
import { werkzeugScryptScheme } from './werkzeug-scrypt.js';

/** The formats the Flask seed server stored in `users.password_hash`. */
export const LEGACY_SCHEMES: readonly LegacyHashScheme[] = [
  werkzeugPbkdf2Scheme,
  werkzeugScryptScheme,
  bcryptScheme,
];

export function isLegacyHash(hash: string): boolean {
  return typeof hash === 'string' && LEGACY_SCHEMES.some((scheme) => scheme.claims(hash));
}

/** False for a wrong password, an unknown format, and a known format with unreadable or absurd fields. */
export async function verifyLegacyHash(hash: string, plain: string): Promise<boolean> {
  const scheme = LEGACY_SCHEMES.find((s) => s.claims(hash));
  return scheme === undefined ? false : scheme.verify(hash, plain);
}
