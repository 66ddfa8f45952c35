import { randomBytes } from 'node:crypto';
import type { AccessClaims, RefreshClaims } from '@codex-auth/domain';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { JwtTokenService, deriveKey, type JwtAlgorithm } from '../src/index.js';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef-test-only');
const NOW = new Date('2026-03-04T05:06:07.890Z');
const at = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000);

const access: AccessClaims = {
  userId: '6f1c2d3e-0000-4000-8000-000000000001',
  sessionId: '6f1c2d3e-0000-4000-8000-000000000002',
  role: 'admin',
  email: 'ada@example.com',
  jti: '6f1c2d3e-0000-4000-8000-000000000003',
  issuedAt: NOW,
  expiresAt: at(15 * 60),
};

const refresh: RefreshClaims = {
  userId: access.userId,
  sessionId: access.sessionId,
  jti: '6f1c2d3e-0000-4000-8000-000000000004',
  issuedAt: NOW,
  expiresAt: at(7 * 24 * 3600),
};

const toSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.') as [string, string];
  const part = (text: string) =>
    JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: part(header), payload: part(payload) };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function validAccessPayload(): Record<string, unknown> {
  return {
    sub: access.userId,
    sid: access.sessionId,
    typ: 'access',
    role: access.role,
    email: access.email,
    iat: seconds(NOW),
    exp: seconds(access.expiresAt),
    iss: 'codex-auth',
    aud: 'codex-auth',
    jti: access.jti,
  };
}

/** Signs any payload with the service's own key, to reach the checks after the signature. */
const forge = (payload: Record<string, unknown>, key: Buffer = SECRET, algorithm: jwt.Algorithm = 'HS256') =>
  // jsonwebtoken adds an iat of its own unless told not to.
  jwt.sign(payload, key, { algorithm, noTimestamp: !('iat' in payload) });

describe('JwtTokenService', () => {
  const service = new JwtTokenService({ secret: SECRET });

  describe('sign → verify', () => {
    it('round-trips every access claim, dates to the second', async () => {
      const token = await service.signAccess(access);
      expect(await service.verifyAccess(token, NOW)).to.deep.equal({
        ...access,
        issuedAt: toSecond(access.issuedAt),
        expiresAt: toSecond(access.expiresAt),
      });
    });

    it('round-trips every refresh claim, dates to the second', async () => {
      const token = await service.signRefresh(refresh);
      expect(await service.verifyRefresh(token, NOW)).to.deep.equal({
        ...refresh,
        issuedAt: toSecond(refresh.issuedAt),
        expiresAt: toSecond(refresh.expiresAt),
      });
    });

    it('signs the same refresh claims to the same token (a grace replay relies on it)', async () => {
      const first = await service.signRefresh(refresh);
      expect(await service.signRefresh({ ...refresh })).to.equal(first);
      const other = new JwtTokenService({ secret: SECRET });
      expect(await other.signRefresh(refresh), 'another process with the key').to.equal(first);
    });

    it('writes exactly the access claims of the contract, HS256 by default', async () => {
      const { header, payload } = decode(await service.signAccess(access));
      expect(header).to.deep.equal({ alg: 'HS256', typ: 'JWT' });
      expect(payload).to.deep.equal(validAccessPayload());
    });

    it('writes exactly the refresh claims of the contract', async () => {
      const { payload } = decode(await service.signRefresh(refresh));
      expect(payload).to.deep.equal({
        typ: 'refresh',
        sub: refresh.userId,
        sid: refresh.sessionId,
        jti: refresh.jti,
        iat: seconds(NOW),
        exp: seconds(refresh.expiresAt),
        iss: 'codex-auth',
        aud: 'codex-auth',
      });
    });

    it('takes iat and exp from the claims, not from the system clock', async () => {
      const past = new Date('2001-02-03T04:05:06Z');
      const token = await service.signAccess({
        ...access,
        issuedAt: past,
        expiresAt: new Date(past.getTime() + 60_000),
      });
      expect(decode(token).payload).to.include({ iat: seconds(past), exp: seconds(past) + 60 });
      expect(await service.verifyAccess(token, new Date(past.getTime() + 30_000))).to.not.equal(null);
    });

    it('uses the configured issuer and audience', async () => {
      const custom = new JwtTokenService({ secret: SECRET, issuer: 'https://auth.example', audience: 'api' });
      const token = await custom.signAccess(access);
      expect(decode(token).payload).to.include({ iss: 'https://auth.example', aud: 'api' });
      expect(await custom.verifyAccess(token, NOW)).to.not.equal(null);
    });

    for (const [algorithm, bytes] of [
      ['HS384', 48],
      ['HS512', 64],
    ] as const) {
      it(`signs and verifies with ${algorithm} when asked to`, async () => {
        const s = new JwtTokenService({ secret: randomBytes(bytes), algorithm });
        const token = await s.signRefresh(refresh);
        expect(decode(token).header.alg).to.equal(algorithm);
        expect(await s.verifyRefresh(token, NOW)).to.not.equal(null);
      });
    }
  });

  describe('expiry at `now`', () => {
    it('accepts a token until the second before exp and refuses it from exp on', async () => {
      const token = await service.signAccess(access);
      expect(await service.verifyAccess(token, at(15 * 60 - 1))).to.not.equal(null);
      expect(await service.verifyAccess(token, toSecond(access.expiresAt))).to.equal(null);
      expect(await service.verifyAccess(token, at(15 * 60 + 3600))).to.equal(null);
    });

    it('judges by the `now` it is given, not by the system clock', async () => {
      const longExpired = await service.signRefresh({
        ...refresh,
        issuedAt: new Date('2001-01-01Z'),
        expiresAt: new Date('2001-01-08Z'),
      });
      expect(await service.verifyRefresh(longExpired, new Date('2001-01-02Z'))).to.not.equal(null);
      expect(await service.verifyRefresh(longExpired, NOW)).to.equal(null);
    });
  });

  it('refuses every token at an invalid `now`, rather than falling back to the system clock', async () => {
    expect(await service.verifyAccess(await service.signAccess(access), new Date(Number.NaN))).to.equal(null);
  });

  it('refuses to sign claims with invalid dates (a bug in the caller)', async () => {
    let error: unknown;
    await service
      .signRefresh({ ...refresh, expiresAt: new Date('not a date') })
      .catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(RangeError);
  });

  describe('token type', () => {
    it('never accepts a refresh token as an access token', async () => {
      expect(await service.verifyAccess(await service.signRefresh(refresh), NOW)).to.equal(null);
    });

    it('never accepts an access token as a refresh token', async () => {
      expect(await service.verifyRefresh(await service.signAccess(access), NOW)).to.equal(null);
    });

    it('refuses a token with no typ or an unknown one', async () => {
      const untyped = validAccessPayload();
      delete untyped.typ;
      expect(await service.verifyAccess(forge(untyped), NOW)).to.equal(null);
      expect(await service.verifyAccess(forge({ ...untyped, typ: 'ACCESS' }), NOW)).to.equal(null);
      expect(await service.verifyRefresh(forge({ ...untyped, typ: 'id' }), NOW)).to.equal(null);
    });
  });

  describe('tampering and forgery', () => {
    it('refuses a token whose signature was changed', async () => {
      const token = await service.signAccess(access);
      const dot = token.lastIndexOf('.');
      // A middle character: the last one of a base64url signature carries padding bits.
      const i = dot + 10;
      const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(await service.verifyAccess(flipped, NOW)).to.equal(null);
      expect(await service.verifyAccess(token.slice(0, dot + 1), NOW)).to.equal(null);
    });

    it('refuses a token whose payload was changed', async () => {
      const token = await service.signAccess({ ...access, role: 'user' });
      const [header, , signature] = token.split('.');
      const promoted = `${header}.${b64url({ ...decode(token).payload, role: 'admin' })}.${signature}`;
      expect(await service.verifyAccess(promoted, NOW)).to.equal(null);
    });

    it('refuses hand-made `alg: none` tokens', async () => {
      const payload = b64url(validAccessPayload());
      for (const alg of ['none', 'None', 'NONE']) {
        const header = b64url({ alg, typ: 'JWT' });
        expect(await service.verifyAccess(`${header}.${payload}.`, NOW), alg).to.equal(null);
        expect(await service.verifyAccess(`${header}.${payload}`, NOW), alg).to.equal(null);
      }
      const real = (await service.signAccess(access)).split('.')[2];
      expect(
        await service.verifyAccess(`${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.${real}`, NOW),
      ).to.equal(null);
    });

    it('refuses a token signed with another HMAC algorithm, even with the same key', async () => {
      const key64 = randomBytes(64);
      const hs256 = new JwtTokenService({ secret: key64 });
      const hs512 = new JwtTokenService({ secret: key64, algorithm: 'HS512' });
      expect(await hs256.verifyAccess(await hs512.signAccess(access), NOW)).to.equal(null);
      expect(await hs512.verifyAccess(await hs256.signAccess(access), NOW)).to.equal(null);
      expect(await service.verifyAccess(forge(validAccessPayload(), SECRET, 'HS384'), NOW)).to.equal(null);
    });

    it('refuses a token signed with another secret', async () => {
      const other = new JwtTokenService({ secret: randomBytes(32) });
      expect(await service.verifyAccess(await other.signAccess(access), NOW)).to.equal(null);
      expect(await service.verifyRefresh(await other.signRefresh(refresh), NOW)).to.equal(null);
    });

    it('refuses a token of another issuer or audience, signed with the same secret', async () => {
      const otherIssuer = new JwtTokenService({ secret: SECRET, issuer: 'someone-else' });
      const otherAudience = new JwtTokenService({ secret: SECRET, audience: 'another-api' });
      expect(await service.verifyAccess(await otherIssuer.signAccess(access), NOW)).to.equal(null);
      expect(await service.verifyAccess(await otherAudience.signAccess(access), NOW)).to.equal(null);
      expect(await service.verifyRefresh(await otherIssuer.signRefresh(refresh), NOW)).to.equal(null);
      expect(await service.verifyRefresh(await otherAudience.signRefresh(refresh), NOW)).to.equal(null);
    });
  });

  describe('claim shapes', () => {
    const broken: Record<string, Record<string, unknown>> = {
      'no sub': { sub: undefined },
      'no sid': { sid: undefined },
      'no jti': { jti: undefined },
      'no iat': { iat: undefined },
      'no exp': { exp: undefined },
      'no iss': { iss: undefined },
      'no aud': { aud: undefined },
      'no role': { role: undefined },
      'no email': { email: undefined },
      'an empty sub': { sub: '' },
      'a numeric sub': { sub: 42 },
      'an object sid': { sid: { id: 'x' } },
      'a numeric jti': { jti: 7 },
      'an unknown role': { role: 'superuser' },
      'an array role': { role: ['admin'] },
      'a numeric email': { email: 1 },
      'a string exp': { exp: String(seconds(access.expiresAt)) },
      'a fractional iat': { iat: seconds(NOW) + 0.5 },
    };
    for (const [what, change] of Object.entries(broken)) {
      it(`refuses an access token with ${what}`, async () => {
        const payload = { ...validAccessPayload(), ...change };
        for (const key of Object.keys(change)) if (change[key] === undefined) delete payload[key];
        // jsonwebtoken refuses to sign some of these; then build the token by hand.
        let token: string;
        try {
          token = forge(payload);
        } catch {
          token = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.x`;
        }
        expect(await service.verifyAccess(token, NOW)).to.equal(null);
      });
    }

    it('accepts a forged-by-us token with the right shape (so the cases above fail for their own reason)', async () => {
      expect(await service.verifyAccess(forge(validAccessPayload()), NOW)).to.not.equal(null);
    });
  });

  describe('malformed input', () => {
    it('answers null, never an exception', async () => {
      const garbage = [
        '',
        'x',
        'a.b.c',
        'a.b',
        '...',
        'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.sig',
        `${b64url({ alg: 'HS256' })}.${b64url('a string payload')}.x`,
        `${b64url({ alg: 'HS256' })}.${b64url([1, 2])}.x`,
        'Bearer ' + 'x'.repeat(20),
        'x'.repeat(100_000),
        undefined as unknown as string,
        null as unknown as string,
        42 as unknown as string,
      ];
      for (const token of garbage) {
        expect(await service.verifyAccess(token, NOW), String(token).slice(0, 40)).to.equal(null);
        expect(await service.verifyRefresh(token, NOW), String(token).slice(0, 40)).to.equal(null);
      }
    });
  });

  describe('options', () => {
    it('refuses keys shorter than the algorithm’s hash', () => {
      expect(() => new JwtTokenService({ secret: randomBytes(31) })).to.throw(RangeError);
      expect(() => new JwtTokenService({ secret: randomBytes(47), algorithm: 'HS384' })).to.throw(RangeError);
      expect(() => new JwtTokenService({ secret: randomBytes(63), algorithm: 'HS512' })).to.throw(RangeError);
      expect(
        () => new JwtTokenService({ secret: 'a string secret, long enough in length' as unknown as Buffer }),
      ).to.throw(RangeError);
    });

    it('refuses algorithms other than HMAC SHA-2', () => {
      for (const algorithm of ['none', 'RS256', 'ES256']) {
        expect(
          () => new JwtTokenService({ secret: randomBytes(64), algorithm: algorithm as JwtAlgorithm }),
        ).to.throw(RangeError);
      }
    });

    it('takes a copy of the key, so wiping the caller’s buffer changes nothing', async () => {
      const secret = randomBytes(32);
      const s = new JwtTokenService({ secret });
      const token = await s.signAccess(access);
      secret.fill(0);
      expect(await s.verifyAccess(token, NOW)).to.not.equal(null);
    });

    it('works with a key derived from SECRET_KEY', async () => {
      const s = new JwtTokenService({ secret: deriveKey('the SECRET_KEY', 'jwt') });
      expect(await s.verifyAccess(await s.signAccess(access), NOW)).to.not.equal(null);
    });
  });
});

describe('deriveKey', () => {
  it('derives 32 bytes by default, the same ones every time', () => {
    const key = deriveKey('SECRET_KEY value', 'jwt');
    expect(key).to.have.length(32);
    expect(deriveKey('SECRET_KEY value', 'jwt').equals(key)).to.equal(true);
  });

  it('gives independent keys for different purposes and secrets', () => {
    const keys = [
      deriveKey('s1', 'jwt'),
      deriveKey('s1', 'csrf'),
      deriveKey('s2', 'jwt'),
      deriveKey('s1', 'jwt2'),
    ];
    expect(new Set(keys.map((k) => k.toString('hex'))).size).to.equal(keys.length);
  });

  it('is HKDF-SHA256 with a fixed salt and a purpose label, so other implementations can reproduce it', async () => {
    const { hkdfSync } = await import('node:crypto');
    const expected = Buffer.from(hkdfSync('sha256', 's1', 'codex-auth/hkdf/v1', 'codex-auth:jwt', 32));
    expect(deriveKey('s1', 'jwt').equals(expected)).to.equal(true);
  });

  it('derives longer keys for HS384/HS512 on request', () => {
    expect(deriveKey('s', 'jwt', 64)).to.have.length(64);
    expect(deriveKey('s', 'jwt', 64).subarray(0, 32).equals(deriveKey('s', 'jwt'))).to.equal(true);
  });

  it('refuses an empty secret or purpose', () => {
    expect(() => deriveKey('', 'jwt')).to.throw(RangeError);
    expect(() => deriveKey('s', '')).to.throw(RangeError);
  });
});
