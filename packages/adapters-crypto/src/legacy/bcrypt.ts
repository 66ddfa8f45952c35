import { compare } from 'bcryptjs';
import type { LegacyHashScheme } from './legacy-hash-scheme.js';

/**
 * Flask-Bcrypt's default is 12. bcryptjs is pure JS on the event loop (in chunks), so every step up
 * doubles the time it holds the loop; 15 is ~8x the default and far beyond anything the seed wrote.
 */
export const MAX_BCRYPT_COST = 15;

// `$2y$` is PHP's name for `$2b$`; bcryptjs accepts all three and echoes the prefix it was given.
const FORMAT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/** bcrypt as Flask-Bcrypt stored it. */
export const bcryptScheme: LegacyHashScheme = {
  name: 'bcrypt',

  claims: (hash) => /^\$2[aby]?\$/.test(hash),

  async verify(hash, plain) {
    const match = FORMAT.exec(hash);
    if (match === null) return false;
    const cost = Number(match[1]);
    if (cost < 4 || cost > MAX_BCRYPT_COST) return false;
    try {
      return await compare(plain, hash);
    } catch {
      return false;
    }
  },
};
