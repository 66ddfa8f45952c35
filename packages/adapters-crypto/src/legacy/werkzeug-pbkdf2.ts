import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { LegacyHashScheme } from './legacy-hash-scheme.js';

const pbkdf2Async = promisify(pbkdf2);

// hashlib digests werkzeug could be asked for, with their output size: werkzeug stores the full
// digest (pbkdf2_hmac's default dklen), so any other length is not a werkzeug hash.
const DIGEST_BYTES: Readonly<Record<string, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

/** Bounds the work one stored hash can cause; werkzeug's own default is 600 000 (3.x). */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

const FORMAT = /^pbkdf2:([a-z0-9]+):(\d{1,9})\$([^$]{0,128})\$([0-9a-fA-F]{40,128})$/;

/** werkzeug's `pbkdf2:<hashname>:<iterations>$<salt>$<hexdigest>`; the salt's text is the salt. */
export const werkzeugPbkdf2Scheme: LegacyHashScheme = {
  name: 'werkzeug-pbkdf2',

  claims: (hash) => hash.startsWith('pbkdf2:'),

  async verify(hash, plain) {
    const match = FORMAT.exec(hash);
    if (match === null) return false;
    const [, digest, iterationText, salt, hex] = match as unknown as [string, string, string, string, string];
    const bytes = DIGEST_BYTES[digest];
    const iterations = Number(iterationText);
    if (bytes === undefined || hex.length !== bytes * 2) return false;
    if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) return false;
    try {
      // The async variant runs in libuv's pool: 600 000 rounds would otherwise stall every request.
      const derived = await pbkdf2Async(
        Buffer.from(plain, 'utf8'),
        Buffer.from(salt, 'utf8'),
        iterations,
        bytes,
        digest,
      );
      return timingSafeEqual(derived, Buffer.from(hex, 'hex'));
    } catch {
      return false;
    }
  },
};
