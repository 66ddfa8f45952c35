import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { LegacyHashScheme } from './legacy-hash-scheme.js';

const scryptAsync = (password: Buffer, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** werkzeug 3.x writes N=32768 (2^15); 2^20 is already a second of CPU and 1 GiB at r=8. */
export const MAX_SCRYPT_N = 2 ** 20;
// Total work and memory grow with N·r·p and N·r: cap both at what N=2^20, r=8, p=1 would cost.
const MAX_SCRYPT_WORK = MAX_SCRYPT_N * 8;

// hashlib.scrypt's default dklen, which werkzeug never overrides.
const KEY_BYTES = 64;

const FORMAT = /^scrypt:(\d{1,8}):(\d{1,3}):(\d{1,3})\$([^$]{0,128})\$([0-9a-fA-F]{128})$/;

/** werkzeug's `scrypt:<N>:<r>:<p>$<salt>$<hexdigest>`; the salt's text is the salt. */
export const werkzeugScryptScheme: LegacyHashScheme = {
  name: 'werkzeug-scrypt',

  claims: (hash) => hash.startsWith('scrypt:'),

  async verify(hash, plain) {
    const match = FORMAT.exec(hash);
    if (match === null) return false;
    const [, nText, rText, pText, salt, hex] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const N = Number(nText);
    const r = Number(rText);
    const p = Number(pText);
    const powerOfTwo = N >= 2 && (N & (N - 1)) === 0;
    if (!powerOfTwo || N > MAX_SCRYPT_N || r < 1 || p < 1) return false;
    if (N * r > MAX_SCRYPT_WORK || N * r * p > MAX_SCRYPT_WORK) return false;
    try {
      // OpenSSL needs 128·r·(N + p + 2) bytes; Node's default ceiling (32 MiB) is just below what
      // werkzeug's N=2^15, r=8 takes, so raise it to this hash's need plus a margin.
      const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
      const derived = await scryptAsync(Buffer.from(plain, 'utf8'), Buffer.from(salt, 'utf8'), KEY_BYTES, {
        N,
        r,
        p,
        maxmem,
      });
      return timingSafeEqual(derived, Buffer.from(hex, 'hex'));
    } catch {
      return false;
    }
  },
};
