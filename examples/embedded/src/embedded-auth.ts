/**
 * How another service embeds Codex Auth's rules in its own process: no container, no HTTP server,
 * no database server. The domain's `createUseCases` builds every use case over adapters this service
 * chooses; here the in-memory ones the domain ships, but any object satisfying the port interfaces
 * will do (a SQLite repository, the host's own logger as EventLog, ...).
 */
import {
  authSettings,
  CountingAttemptLimiter,
  createUseCases,
  DEFAULT_DELIVERY_SETTINGS,
  PasswordPolicy,
  type DomainEvent,
  type EventLog,
  type Mailer,
  type OutgoingEmail,
} from '@codex-auth/domain';
import {
  FakeEmailCanonicalizer,
  FakePasswordHasher,
  FakeRandomTokens,
  FakeSecretSealer,
  FakeTokenService,
  InMemoryDatabase,
  InMemoryOutboxQueue,
  InMemoryUnitOfWork,
  InMemoryWindowCounters,
  SequentialIds,
} from '@codex-auth/domain/testing';

/** The host service's own event sink: here it just keeps the lines. */
class HostEventLog implements EventLog {
  readonly lines: string[] = [];
  record(event: DomainEvent): void {
    this.lines.push(event.name);
  }
}

/** The host's own mail: here it keeps what `deliverOutbox` would send (reset links). */
class HostMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  async send(email: OutgoingEmail): Promise<void> {
    this.sent.push(email);
  }
}

const systemClock = { now: () => new Date() };

export function createEmbeddedAuth() {
  const events = new HostEventLog();
  const database = new InMemoryDatabase();
  const useCases = createUseCases({
    uow: new InMemoryUnitOfWork(database),
    // Stand-ins that need no native code; a real host would use @codex-auth/adapters-crypto.
    hasher: new FakePasswordHasher(),
    tokens: new FakeTokenService('host-service-secret'),
    randomTokens: new FakeRandomTokens(),
    clock: systemClock,
    ids: new SequentialIds(),
    events,
    settings: authSettings({ accessTokenTtlSeconds: 300, passwordPolicy: new PasswordPolicy(10) }),
    // Knows only a few lookalikes; a real host would use @codex-auth/adapters-unicode.
    emails: new FakeEmailCanonicalizer(),
    // Reset requests wait in the outbox until the host runs `useCases.deliverOutbox`.
    outboxQueue: new InMemoryOutboxQueue(database),
    mailer: new HostMailer(),
    // A real host would use AesGcmSecretSealer from @codex-auth/adapters-crypto, or WebCrypto.
    sealer: new FakeSecretSealer(),
    delivery: { ...DEFAULT_DELIVERY_SETTINGS, appBaseUrl: 'https://host.example/', productName: 'Host' },
    // 10 failed passwords per account per 15 minutes; several host processes would share Redis
    // counters (@codex-auth/adapters-counters) instead of memory.
    attempts: new CountingAttemptLimiter(new InMemoryWindowCounters(), 'login_email', [
      { max: 10, durationMs: 15 * 60_000 },
    ]),
  });
  return {
    events,
    register: useCases.registerUser,
    approve: useCases.approveUser,
    login: useCases.login,
    refresh: useCases.refreshSession,
    authenticate: useCases.authenticate,
  };
}

/** Registers, approves, logs in, calls a protected operation and refreshes; returns what happened. */
export async function demo(): Promise<string[]> {
  const auth = createEmbeddedAuth();
  const transcript: string[] = [];
  const say = (line: string) => transcript.push(line);

  const registered = await auth.register.execute({
    email: 'Grace@Example.com',
    password: 'navy compiler 1952',
  });
  if (!registered.ok) throw new Error(`register failed: ${registered.code}`);
  say(`registered ${registered.value.email} as ${registered.value.status}`);

  const early = await auth.login.execute({ email: 'grace@example.com', password: 'navy compiler 1952' });
  say(`login before approval: ${early.ok ? 'ok' : early.code}`);

  const approved = await auth.approve.execute({ id: registered.value.id });
  if (!approved.ok) throw new Error(`approve failed: ${approved.code}`);
  say(`approved: ${approved.value.status}`);

  const login = await auth.login.execute({ email: 'grace@example.com', password: 'navy compiler 1952' });
  if (!login.ok) throw new Error(`login failed: ${login.code}`);
  say(`logged in: ${login.value.tokenType} token, expires in ${login.value.expiresIn}s`);

  const principal = await auth.authenticate.execute({ accessToken: login.value.accessToken });
  say(
    `protected call by: ${principal.ok ? `${principal.value.email} (${principal.value.role})` : principal.code}`,
  );

  const refreshed = await auth.refresh.execute({ refreshToken: login.value.refreshToken });
  say(`refreshed: ${refreshed.ok ? 'new pair issued' : refreshed.code}`);
  const replay = await auth.refresh.execute({ refreshToken: login.value.refreshToken });
  const sameSuccessor =
    replay.ok && refreshed.ok && replay.value.refreshToken === refreshed.value.refreshToken;
  say(
    `replaying the spent token within the grace window: ${
      replay.ok ? (sameSuccessor ? 'the same successor again' : 'a second successor') : replay.code
    }`,
  );

  say(`events: ${auth.events.lines.join(', ')}`);
  return transcript;
}
