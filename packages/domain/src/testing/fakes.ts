import type { DomainEvent, DomainEventName } from '../model/events.js';
import { isRole } from '../model/role.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/event-log.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Mailer, OutgoingEmail } from '../ports/mailer.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { RandomTokens } from '../ports/random-tokens.js';
import type { SecretSealer } from '../ports/secret-sealer.js';
import type { AccessClaims, RefreshClaims, TokenService } from '../ports/token-service.js';
import { fnv } from './fnv.js';

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}

/** UUID-shaped ids counting up from 1, so tests can predict and order them. */
export class SequentialIds implements IdGenerator {
  private n = 0;

  constructor(private readonly prefix = '00000000-0000-4000-8000-') {}

  next(): string {
    this.n++;
    return this.prefix + this.n.toString(16).padStart(12, '0');
  }
}

/**
 * A fast stand-in for argon2: `fake$v<version>$<salt>$<digest>`. Raising `version` makes older
 * hashes "outdated", the way changed argon2 parameters would. Counts verifications, so tests can
 * check that an unknown email costs a verification too.
 */
export class FakePasswordHasher implements PasswordHasher {
  verifyCalls = 0;
  hashCalls = 0;
  private salt = 0;

  constructor(public version = 1) {}

  async hash(plain: string): Promise<string> {
    this.hashCalls++;
    return FakePasswordHasher.hashSync(plain, this.version, (++this.salt).toString(36));
  }

  /** The same format, synchronously, for builders of test data. */
  static hashSync(plain: string, version = 1, salt = 'builder'): string {
    return `fake$v${version}$${salt}$${fnv(salt + plain)}`;
  }

  async verify(hash: string, plain: string): Promise<boolean> {
    this.verifyCalls++;
    const parts = hash.split('$');
    if (parts.length !== 4 || parts[0] !== 'fake') return false;
    return parts[3] === fnv(parts[2] + plain);
  }

  needsRehash(hash: string): boolean {
    return !hash.startsWith(`fake$v${this.version}$`);
  }
}

type Payload = Record<string, string | number>;

/**
 * JWT-like tokens (`header.payload.signature`), signed with a fake digest: enough to tell a token it
 * issued from a tampered one, of the right type, not expired.
 */
export class FakeTokenService implements TokenService {
  constructor(private readonly secret = 'fake-secret') {}

  async signAccess(c: AccessClaims): Promise<string> {
    return this.sign({
      typ: 'access',
      sub: c.userId,
      sid: c.sessionId,
      role: c.role,
      email: c.email,
      jti: c.jti,
      iat: s(c.issuedAt),
      exp: s(c.expiresAt),
    });
  }

  async signRefresh(c: RefreshClaims): Promise<string> {
    return this.sign({
      typ: 'refresh',
      sub: c.userId,
      sid: c.sessionId,
      jti: c.jti,
      iat: s(c.issuedAt),
      exp: s(c.expiresAt),
    });
  }

  async verifyAccess(token: string, now: Date): Promise<AccessClaims | null> {
    const p = this.open(token, 'access', now);
    if (p === null || !isRole(p.role) || typeof p.email !== 'string') return null;
    return { ...this.common(p), role: p.role, email: p.email };
  }

  async verifyRefresh(token: string, now: Date): Promise<RefreshClaims | null> {
    const p = this.open(token, 'refresh', now);
    return p === null ? null : this.common(p);
  }

  private common(p: Payload) {
    return {
      userId: String(p.sub),
      sessionId: String(p.sid),
      jti: String(p.jti),
      issuedAt: new Date(Number(p.iat) * 1000),
      expiresAt: new Date(Number(p.exp) * 1000),
    };
  }

  private sign(payload: Payload): string {
    const body = `fake.${encode(JSON.stringify(payload))}`;
    return `${body}.${fnv(this.secret + body)}`;
  }

  private open(token: string, typ: string, now: Date): Payload | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== 'fake') return null;
    const body = `${parts[0]}.${parts[1]}`;
    if (parts[2] !== fnv(this.secret + body)) return null;
    let payload: Payload;
    try {
      payload = JSON.parse(decode(parts[1] ?? '')) as Payload;
    } catch {
      return null;
    }
    if (payload.typ !== typ || typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime())
      return null;
    return payload;
  }
}

const s = (d: Date) => Math.floor(d.getTime() / 1000);
// Hex keeps the fake free of base64 (which would need a runtime API the domain does not assume).
const encode = (text: string) =>
  [...text].map((c) => c.codePointAt(0)!.toString(16).padStart(6, '0')).join('');
const decode = (hex: string) => {
  if (!/^(?:[0-9a-f]{6})+$/.test(hex)) throw new Error('bad encoding');
  return (hex.match(/.{6}/g) ?? []).map((h) => String.fromCodePoint(parseInt(h, 16))).join('');
};

/** Predictable secrets (`secret-1`, …) and a fake digest for them. */
export class FakeRandomTokens implements RandomTokens {
  private n = 0;
  readonly generated: string[] = [];

  generate(): string {
    const token = `secret-${++this.n}-${'x'.repeat(40)}`;
    this.generated.push(token);
    return token;
  }

  hash(secret: string): string {
    return `digest:${fnv(secret)}`;
  }
}

/** Keeps every event, for tests to assert on. */
export class RecordingEventLog implements EventLog {
  readonly events: DomainEvent[] = [];

  record(event: DomainEvent): void {
    this.events.push(event);
  }

  names(): DomainEventName[] {
    return this.events.map((e) => e.name);
  }

  last(name: DomainEventName): DomainEvent | undefined {
    return this.events.filter((e) => e.name === name).at(-1);
  }

  clear(): void {
    this.events.length = 0;
  }
}

/** Keeps sent emails; `failNext(n)` makes the next n sends throw, `permanent` marks the error so. */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  private failures: { count: number; permanent: boolean; message: string } = {
    count: 0,
    permanent: false,
    message: '',
  };

  async send(email: OutgoingEmail): Promise<void> {
    if (this.failures.count > 0) {
      this.failures.count--;
      throw Object.assign(new Error(this.failures.message), { permanent: this.failures.permanent });
    }
    this.sent.push(email);
  }

  failNext(count: number, options: { permanent?: boolean; message?: string } = {}): void {
    this.failures = {
      count,
      permanent: options.permanent ?? false,
      message: options.message ?? '421 try again later',
    };
  }
}

/**
 * A vault in place of encryption: a sealed value is a handle (`fake-sealed:<key>:<n>`) that names
 * no part of the secret; the secret stays in this object. Opening needs the same key id and
 * context, as authenticated encryption would; anything else (another instance's handle, an edited
 * one) opens to null.
 */
export class FakeSecretSealer implements SecretSealer {
  private readonly vault = new Map<string, { secret: string; context: string }>();
  private n = 0;

  constructor(public keyId = 'k1') {}

  async seal(secret: string, context: string): Promise<string> {
    const handle = `fake-sealed:${this.keyId}:${++this.n}`;
    this.vault.set(handle, { secret, context });
    return handle;
  }

  async open(sealed: string, context: string): Promise<string | null> {
    const entry = this.vault.get(sealed);
    if (entry === undefined || entry.context !== context) return null;
    return sealed.startsWith(`fake-sealed:${this.keyId}:`) ? entry.secret : null;
  }
}
