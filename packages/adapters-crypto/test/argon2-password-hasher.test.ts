import argon2 from 'argon2';
import { expect } from 'chai';
import { Argon2PasswordHasher } from '../src/index.js';
import { CHEAP_ARGON2 } from './fixtures.js';

const b64 = (bytes: number, fill = 7) => Buffer.alloc(bytes, fill).toString('base64').replace(/=+$/, '');

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher(CHEAP_ARGON2);

  describe('hash', () => {
    it('writes an argon2id PHC string with the configured parameters', async () => {
      const hash = await hasher.hash('correct horse battery staple');
      expect(hash).to.match(/^\$argon2id\$v=19\$/);
      expect(hash).to.include('m=1024').and.include('t=1').and.include('p=1');
    });

    it('salts every hash', async () => {
      const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
      expect(a).to.not.equal(b);
    });

    it('uses the OWASP parameters by default', async () => {
      const standard = new Argon2PasswordHasher();
      expect(standard.parameters).to.deep.equal({
        memoryCost: 19456,
        timeCost: 2,
        parallelism: 1,
        hashLength: 32,
      });
      const hash = await standard.hash('Contraseña-Ñandú-2025');
      expect(hash)
        .to.match(/^\$argon2id\$v=19\$/)
        .and.include('m=19456')
        .and.include('t=2')
        .and.include('p=1');
      expect(await standard.verify(hash, 'Contraseña-Ñandú-2025')).to.equal(true);
      expect(standard.needsRehash(hash)).to.equal(false);
    });

    it('keeps the event loop free while hashing', async () => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      try {
        await new Argon2PasswordHasher({ memoryCost: 32 * 1024, timeCost: 3 }).hash('pw');
      } finally {
        clearInterval(timer);
      }
      expect(ticks).to.be.greaterThan(0);
    });

    it('refuses parameters argon2 cannot use', () => {
      expect(() => new Argon2PasswordHasher({ memoryCost: 15, parallelism: 2 })).to.throw(RangeError);
      expect(() => new Argon2PasswordHasher({ timeCost: 0 })).to.throw(RangeError);
      expect(() => new Argon2PasswordHasher({ parallelism: 1.5 })).to.throw(RangeError);
    });
  });

  describe('verify', () => {
    it('accepts the password and nothing else', async () => {
      const hash = await hasher.hash('🔐emoji-pässwörd');
      expect(await hasher.verify(hash, '🔐emoji-pässwörd')).to.equal(true);
      expect(await hasher.verify(hash, '🔐emoji-pässwördx')).to.equal(false);
      expect(await hasher.verify(hash, '🔐emoji-passwörd')).to.equal(false);
      expect(await hasher.verify(hash, '')).to.equal(false);
    });

    it('reads the parameters from the hash, so hashes made with older parameters still verify', async () => {
      const old = await new Argon2PasswordHasher({ memoryCost: 2048, timeCost: 2 }).hash('pw');
      expect(await hasher.verify(old, 'pw')).to.equal(true);
    });

    it('is false for a tampered hash', async () => {
      const hash = await hasher.hash('pw');
      const last = hash.at(-2) === 'A' ? 'B' : 'A';
      const tampered = hash.slice(0, -2) + last + hash.at(-1);
      expect(await hasher.verify(tampered, 'pw')).to.equal(false);
    });

    it('is false, never an exception, for strings it cannot read', async () => {
      const unreadable = [
        '',
        'x',
        '$argon2id$',
        '$argon2id$v=19$m=1024,t=1,p=1$$',
        `$argon2id$v=19$m=1024,t=1$${b64(16)}$${b64(32)}`,
        `$argon2id$v=19$m=1024,t=1,p=1,t=2$${b64(16)}$${b64(32)}`,
        `$argon2id$v=19$m=1,t=1,p=1$${b64(16)}$${b64(32)}`, // below argon2's minimum memory
        `$argon2id$v=99$m=1024,t=1,p=1$${b64(16)}$${b64(32)}`,
        `$argon2id$v=19$m=1024,t=1,p=1,data=YWJj$${b64(16)}$${b64(32)}`,
        '$'.repeat(5000),
        undefined as unknown as string,
        null as unknown as string,
      ];
      for (const hash of unreadable) {
        expect(await hasher.verify(hash, 'pw'), String(hash)).to.equal(false);
      }
      expect(await hasher.verify(await hasher.hash('pw'), undefined as unknown as string)).to.equal(false);
    });

    it('refuses argon2i and argon2d hashes, which it never writes', async () => {
      for (const type of [argon2.argon2i, argon2.argon2d] as const) {
        const hash = await argon2.hash('pw', { ...CHEAP_ARGON2, type });
        expect(await hasher.verify(hash, 'pw')).to.equal(false);
        expect(hasher.needsRehash(hash)).to.equal(true);
      }
    });

    it('refuses absurd parameters without doing the work', async () => {
      const absurd = [
        `$argon2id$v=19$m=4194304,t=1,p=1$${b64(16)}$${b64(32)}`, // 4 GiB
        `$argon2id$v=19$m=1024,t=100000,p=1$${b64(16)}$${b64(32)}`,
        `$argon2id$v=19$m=1024,t=1,p=255$${b64(16)}$${b64(32)}`,
      ];
      const started = performance.now();
      for (const hash of absurd) expect(await hasher.verify(hash, 'pw')).to.equal(false);
      expect(performance.now() - started).to.be.lessThan(100);
    });
  });

  describe('needsRehash', () => {
    it('is false for a hash made with today’s parameters', async () => {
      expect(hasher.needsRehash(await hasher.hash('pw'))).to.equal(false);
    });

    it('is true once any parameter changes', async () => {
      const hash = await hasher.hash('pw');
      for (const change of [{ memoryCost: 2048 }, { timeCost: 2 }, { parallelism: 2 }, { hashLength: 64 }]) {
        expect(
          new Argon2PasswordHasher({ ...CHEAP_ARGON2, ...change }).needsRehash(hash),
          JSON.stringify(change),
        ).to.equal(true);
      }
      expect(new Argon2PasswordHasher().needsRehash(hash)).to.equal(true);
    });

    it('is true for an argon2 version other than 1.3', async () => {
      const v10 = await argon2.hash('pw', { ...CHEAP_ARGON2, version: 0x10 });
      expect(await hasher.verify(v10, 'pw')).to.equal(true);
      expect(hasher.needsRehash(v10)).to.equal(true);
    });

    it('is true for anything that is not an argon2id hash', () => {
      for (const hash of ['', 'plain', 'md5$abc$def', '$argon2i$v=19$m=16,t=2,p=1$c2FsdA$AAAA']) {
        expect(hasher.needsRehash(hash), hash).to.equal(true);
      }
    });
  });
});
