import type { PasswordHasher } from '@codex-auth/domain';
import argon2 from 'argon2';
import { parseArgon2idPhc, type Argon2idPhc } from './argon2-phc.js';
import { verifyLegacyHash, isLegacyHash } from './legacy/legacy-hashes.js';

export interface Argon2Parameters {
  /** KiB of memory per hash. */
  readonly memoryCost: number;
  /** Passes over that memory. */
  readonly timeCost: number;
  /** Lanes (threads) per hash. */
  readonly parallelism: number;
  /** Bytes of output. */
  readonly hashLength: number;
}

/**
 * OWASP Password Storage Cheat Sheet's argon2id baseline (m=19 MiB, t=2, p=1): about 35 ms on a
 * current server core, which keeps a login cheap for us and a guess expensive for an attacker.
 */
export const DEFAULT_ARGON2_PARAMETERS: Argon2Parameters = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  hashLength: 32,
});

const ARGON2_VERSION = 0x13;

/**
 * Stored hashes are trusted data, but a row written by an attacker (a restored backup, an import)
 * must not be able to make one login allocate gigabytes or spin for minutes. These bounds sit far
 * above any sane configuration and are raised to cover whatever this instance is configured with.
 */
const VERIFY_LIMITS: Readonly<VerifyLimits> = Object.freeze({
  memoryCost: 1 << 20, // 1 GiB
  timeCost: 64,
  parallelism: 16,
  hashLength: 128,
  saltLength: 64,
});

interface VerifyLimits {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  hashLength: number;
  saltLength: number;
}

// Real hashes are ~100-200 characters; refusing long strings early keeps regexes and parsers cheap.
const MAX_HASH_LENGTH = 1024;

/**
 * argon2id password hashing, with verification of the seed server's legacy hashes so migrated users
 * keep their passwords. `needsRehash` is true for those (and for argon2 hashes with other
 * parameters), which is what makes Login replace them on the user's next successful login.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly params: Argon2Parameters;
  private readonly limits: Readonly<VerifyLimits>;

  constructor(params: Partial<Argon2Parameters> = {}) {
    this.params = { ...DEFAULT_ARGON2_PARAMETERS, ...params };
    validate(this.params);
    this.limits = {
      ...VERIFY_LIMITS,
      memoryCost: Math.max(VERIFY_LIMITS.memoryCost, this.params.memoryCost),
      timeCost: Math.max(VERIFY_LIMITS.timeCost, this.params.timeCost),
      parallelism: Math.max(VERIFY_LIMITS.parallelism, this.params.parallelism),
      hashLength: Math.max(VERIFY_LIMITS.hashLength, this.params.hashLength),
    };
  }

  get parameters(): Argon2Parameters {
    return this.params;
  }

  hash(plain: string): Promise<string> {
    // The native binding runs in libuv's thread pool, so the event loop stays free meanwhile.
    return argon2.hash(plain, { type: argon2.argon2id, version: ARGON2_VERSION, ...this.params });
  }

  async verify(hash: string, plain: string): Promise<boolean> {
    if (typeof hash !== 'string' || typeof plain !== 'string' || hash.length > MAX_HASH_LENGTH) return false;
    try {
      if (hash.startsWith('$argon2')) {
        const phc = parseArgon2idPhc(hash);
        if (phc === null || !this.withinLimits(phc)) return false;
        return await argon2.verify(hash, plain);
      }
      return await verifyLegacyHash(hash, plain);
    } catch {
      // A hash that parses but that the library still refuses (say m below 8*p) is unreadable,
      // and the port promises `false` rather than an exception for those.
      return false;
    }
  }

  needsRehash(hash: string): boolean {
    if (isLegacyHash(hash)) return true;
    const phc = typeof hash === 'string' ? parseArgon2idPhc(hash) : null;
    if (phc === null) return true;
    return (
      phc.version !== ARGON2_VERSION ||
      phc.memoryCost !== this.params.memoryCost ||
      phc.timeCost !== this.params.timeCost ||
      phc.parallelism !== this.params.parallelism ||
      phc.hashLength !== this.params.hashLength
    );
  }

  private withinLimits(phc: Argon2idPhc): boolean {
    const l = this.limits;
    return (
      (phc.version === 0x10 || phc.version === ARGON2_VERSION) &&
      phc.memoryCost <= l.memoryCost &&
      phc.timeCost >= 1 &&
      phc.timeCost <= l.timeCost &&
      phc.parallelism >= 1 &&
      phc.parallelism <= l.parallelism &&
      phc.hashLength >= 4 &&
      phc.hashLength <= l.hashLength &&
      phc.saltLength >= 8 &&
      phc.saltLength <= l.saltLength
    );
  }
}

function validate(p: Argon2Parameters): void {
  const integer = (name: keyof Argon2Parameters, min: number) => {
    if (!Number.isSafeInteger(p[name]) || p[name] < min) {
      throw new RangeError(`argon2 ${name} must be an integer >= ${min}, got ${p[name]}`);
    }
  };
  integer('timeCost', 1);
  integer('parallelism', 1);
  integer('hashLength', 16);
  // argon2 needs at least 8 KiB per lane.
  integer('memoryCost', 8 * p.parallelism);
}
