import { createSecretKey, type KeyObject } from 'node:crypto';
import { isRole, type AccessClaims, type RefreshClaims, type TokenService } from '@codex-auth/domain';
import jwt from 'jsonwebtoken';

export type JwtAlgorithm = 'HS256' | 'HS384' | 'HS512';

export interface JwtTokenServiceOptions {
  /** Raw key bytes: at least as long as the algorithm's hash (32 bytes for HS256, RFC 7518 §3.2). */
  readonly secret: Uint8Array;
  readonly issuer?: string;
  readonly audience?: string;
  readonly algorithm?: JwtAlgorithm;
}

const MIN_KEY_BYTES: Readonly<Record<JwtAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };

// Ours are ~400 bytes; anything far larger is not worth decoding.
const MAX_TOKEN_LENGTH = 8 * 1024;

type Typ = 'access' | 'refresh';
type Payload = Record<string, unknown>;

/**
 * HMAC-signed JWTs with the claims of the HTTP contract. Verification pins the one configured
 * algorithm (so `alg: none` and algorithm swaps fail), checks issuer, audience and expiry at the
 * caller's `now`, then the type and shape of every claim; anything wrong is `null`.
 */
export class JwtTokenService implements TokenService {
  private readonly key: KeyObject;
  private readonly algorithm: JwtAlgorithm;
  private readonly issuer: string;
  private readonly audience: string;

  constructor(options: JwtTokenServiceOptions) {
    this.algorithm = options.algorithm ?? 'HS256';
    const minimum = MIN_KEY_BYTES[this.algorithm];
    if (minimum === undefined)
      throw new RangeError(`unsupported JWT algorithm: ${String(options.algorithm)}`);
    if (!(options.secret instanceof Uint8Array) || options.secret.byteLength < minimum) {
      throw new RangeError(`JWT secret for ${this.algorithm} must be at least ${minimum} bytes`);
    }
    // A KeyObject, not a string: jsonwebtoken turns a string secret into a key again on every call
    // (3-4x slower sign and verify in scripts/bench.ts).
    // createSecretKey copies the bytes, so the caller's buffer can be wiped afterwards.
    this.key = createSecretKey(Buffer.from(options.secret));
    this.issuer = options.issuer ?? 'codex-auth';
    this.audience = options.audience ?? 'codex-auth';
  }

  async signAccess(c: AccessClaims): Promise<string> {
    return this.sign({
      sub: c.userId,
      sid: c.sessionId,
      typ: 'access',
      role: c.role,
      email: c.email,
      ...this.registered(c),
    });
  }

  async signRefresh(c: RefreshClaims): Promise<string> {
    return this.sign({ typ: 'refresh', sub: c.userId, sid: c.sessionId, ...this.registered(c) });
  }

  async verifyAccess(token: string, now: Date): Promise<AccessClaims | null> {
    const p = this.open(token, 'access', now);
    if (p === null || !isRole(p.role) || !isNonEmptyString(p.email)) return null;
    const common = this.common(p);
    return common === null ? null : { ...common, role: p.role, email: p.email };
  }

  async verifyRefresh(token: string, now: Date): Promise<RefreshClaims | null> {
    const p = this.open(token, 'refresh', now);
    return p === null ? null : this.common(p);
  }

  /** iat/exp from the claims' own dates, so the domain's clock (not jsonwebtoken's) decides them. */
  private registered(c: { issuedAt: Date; expiresAt: Date; jti: string }) {
    if (!Number.isFinite(c.issuedAt.getTime()) || !Number.isFinite(c.expiresAt.getTime())) {
      throw new RangeError('token claims need valid issuedAt and expiresAt dates');
    }
    return {
      iat: seconds(c.issuedAt),
      exp: seconds(c.expiresAt),
      iss: this.issuer,
      aud: this.audience,
      jti: c.jti,
    };
  }

  private sign(payload: Payload): string {
    return jwt.sign(payload, this.key, { algorithm: this.algorithm });
  }

  private open(token: string, typ: Typ, now: Date): Payload | null {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
    const nowSeconds = seconds(now);
    // An invalid Date would make jsonwebtoken fall back to the system clock and our own check pass.
    if (!Number.isFinite(nowSeconds)) return null;
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.key, {
        algorithms: [this.algorithm],
        issuer: this.issuer,
        audience: this.audience,
        clockTimestamp: nowSeconds,
        clockTolerance: 0,
      });
    } catch {
      return null;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
    const p = payload as Payload;
    if (p.typ !== typ) return null;
    // jsonwebtoken skips the expiry check when `exp` is absent (and treats a clock of 0 as "now"),
    // so expiry is required and checked here as well.
    if (!isWholeSeconds(p.exp) || !isWholeSeconds(p.iat) || p.exp <= nowSeconds) return null;
    return p;
  }

  private common(p: Payload): RefreshClaims | null {
    if (!isNonEmptyString(p.sub) || !isNonEmptyString(p.sid) || !isNonEmptyString(p.jti)) return null;
    if (!isWholeSeconds(p.iat) || !isWholeSeconds(p.exp)) return null;
    return {
      userId: p.sub,
      sessionId: p.sid,
      jti: p.jti,
      issuedAt: new Date(p.iat * 1000),
      expiresAt: new Date(p.exp * 1000),
    };
  }
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isWholeSeconds = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
