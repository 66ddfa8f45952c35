import { expect } from 'chai';
import { Argon2PasswordHasher, MAX_BCRYPT_COST, MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_N } from '../src/index.js';
import { CHEAP_ARGON2, seedHashes } from './fixtures.js';

describe('Argon2PasswordHasher with the seed server’s legacy hashes', () => {
  const hasher = new Argon2PasswordHasher(CHEAP_ARGON2);

  it('has a case of every seed format in its fixture', () => {
    const schemes = new Set(seedHashes.cases.map((c) => c.scheme));
    expect([...schemes].sort()).to.deep.equal(['bcrypt', 'werkzeug-pbkdf2', 'werkzeug-scrypt']);
    const prefixes = new Set(
      seedHashes.cases.filter((c) => c.scheme === 'bcrypt').map((c) => c.hash.slice(0, 4)),
    );
    expect([...prefixes].sort()).to.deep.equal(['$2a$', '$2b$', '$2y$']);
  });

  for (const c of seedHashes.cases) {
    it(`${c.scheme} ${c.hash.slice(0, 24)}… verifies with its password only (${c.made_by})`, async () => {
      // Together, so pbkdf2 and scrypt share libuv's pool and the suite stays quick.
      const [right, extra, empty] = await Promise.all([
        hasher.verify(c.hash, c.password),
        hasher.verify(c.hash, c.password + 'x'),
        hasher.verify(c.hash, ''),
      ]);
      expect(right, 'with its password').to.equal(true);
      expect(extra, "with password + 'x'").to.equal(false);
      expect(empty, 'with the empty password').to.equal(false);
      expect(hasher.needsRehash(c.hash), 'needsRehash').to.equal(true);
    });
  }

  it('rejects every unknown format without throwing', async () => {
    for (const hash of seedHashes.unknown_formats) {
      expect(await hasher.verify(hash, 'admin123'), JSON.stringify(hash)).to.equal(false);
      expect(await hasher.verify(hash, hash), JSON.stringify(hash)).to.equal(false);
      expect(hasher.needsRehash(hash), JSON.stringify(hash)).to.equal(true);
    }
  });

  const pbkdf2 = seedHashes.cases.find((c) => c.scheme === 'werkzeug-pbkdf2' && c.hash.includes(':260000$'))!;
  const scrypt = seedHashes.cases.find((c) => c.scheme === 'werkzeug-scrypt')!;
  const bcrypt = seedHashes.cases.find((c) => c.hash.startsWith('$2b$'))!;

  it('is false when any field of a legacy hash is altered', async () => {
    const [, salt, digest] = pbkdf2.hash.split('$') as [string, string, string];
    const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
    const altered = [
      pbkdf2.hash.replace(':260000$', ':260001$'),
      pbkdf2.hash.replace(':sha256:', ':sha512:'),
      pbkdf2.hash.replace(`$${salt}$`, `$${salt.toLowerCase()}x$`),
      pbkdf2.hash.replace(digest, flip(digest)),
      pbkdf2.hash.slice(0, -2), // digest of the wrong length
      scrypt.hash.replace('scrypt:32768:8:1$', 'scrypt:16384:8:1$'),
      scrypt.hash.slice(0, -1) + (scrypt.hash.endsWith('0') ? '1' : '0'),
      bcrypt.hash.slice(0, -1) + (bcrypt.hash.endsWith('a') ? 'b' : 'a'),
    ];
    const results = await Promise.all(altered.map((hash) => hasher.verify(hash, pbkdf2.password)));
    expect(results).to.deep.equal(altered.map(() => false));
  });

  it('refuses absurd parameters without doing the work', async () => {
    const over = (hash: string, from: RegExp, to: string) => hash.replace(from, to);
    const absurd = [
      over(pbkdf2.hash, /:260000\$/, `:${MAX_PBKDF2_ITERATIONS + 1}$`),
      over(pbkdf2.hash, /:260000\$/, ':999999999$'),
      over(pbkdf2.hash, /:260000\$/, ':0$'),
      over(scrypt.hash, /^scrypt:32768:/, `scrypt:${MAX_SCRYPT_N * 2}:`),
      over(scrypt.hash, /^scrypt:32768:8:1/, 'scrypt:32767:8:1'), // not a power of two
      over(scrypt.hash, /^scrypt:32768:8:1/, `scrypt:${MAX_SCRYPT_N}:8:16`), // 16x the work cap
      over(scrypt.hash, /^scrypt:32768:8:1/, `scrypt:${MAX_SCRYPT_N}:999:1`), // 128 GiB
      over(scrypt.hash, /^scrypt:32768:8:1/, 'scrypt:32768:0:1'),
      over(bcrypt.hash, /^\$2b\$10\$/, `$2b$${MAX_BCRYPT_COST + 1}$`),
      over(bcrypt.hash, /^\$2b\$10\$/, '$2b$31$'),
      over(bcrypt.hash, /^\$2b\$10\$/, '$2b$03$'),
    ];
    const started = performance.now();
    for (const hash of absurd) expect(await hasher.verify(hash, pbkdf2.password), hash).to.equal(false);
    expect(performance.now() - started).to.be.lessThan(100);
  });

  it('accepts sha1 and sha512 pbkdf2, which werkzeug also allowed', async () => {
    const { pbkdf2: derive } = await import('node:crypto');
    const { promisify } = await import('node:util');
    for (const [name, bytes] of [
      ['sha1', 20],
      ['sha512', 64],
    ] as const) {
      const digest = (await promisify(derive)('pw', 'NaCl', 1000, bytes, name)).toString('hex');
      const hash = `pbkdf2:${name}:1000$NaCl$${digest}`;
      expect(await hasher.verify(hash, 'pw'), name).to.equal(true);
      expect(await hasher.verify(hash, 'pwx'), name).to.equal(false);
    }
  });

  it('keeps the event loop free while verifying pbkdf2 and scrypt', async () => {
    const slowest = seedHashes.cases.find((c) => c.hash.includes(':600000$'))!;
    for (const c of [slowest, scrypt]) {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      try {
        expect(await hasher.verify(c.hash, c.password)).to.equal(true);
      } finally {
        clearInterval(timer);
      }
      expect(ticks, c.scheme).to.be.greaterThan(0);
    }
  });
});
