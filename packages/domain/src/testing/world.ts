import type { DomainDependencies } from '../dependencies.js';
import { Email } from '../model/email.js';
import type { User } from '../model/user.js';
import { authSettings, type AuthSettings } from '../settings.js';
import { createUseCases } from '../use-case-registry.js';
import {
  DEFAULT_DELIVERY_SETTINGS,
  DeliverOutbox,
  type DeliverySettings,
} from '../use-cases/deliver-outbox/deliver-outbox.js';
import type { Mailer } from '../ports/mailer.js';
import {
  FakeClock,
  FakePasswordHasher,
  FakeRandomTokens,
  FakeSecretSealer,
  FakeTokenService,
  RecordingEventLog,
  RecordingMailer,
  SequentialIds,
} from './fakes.js';
import { FakeEmailCanonicalizer } from './fake-email-canonicalizer.js';
import { InMemoryAttemptLimiter } from './in-memory-attempt-limiter.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryOutboxQueue } from './in-memory-outbox-queue.js';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';

/**
 * The whole domain over in-memory adapters and fakes, for unit tests: every fake is reachable so a
 * test can move the clock, read the events or look at the tables.
 */
export function createTestWorld(settings: Partial<AuthSettings> = {}) {
  const db = new InMemoryDatabase();
  const clock = new FakeClock();
  const delivery: DeliverySettings = {
    ...DEFAULT_DELIVERY_SETTINGS,
    appBaseUrl: 'https://app.example/',
    productName: 'Codex',
  };
  const deps = {
    uow: new InMemoryUnitOfWork(db),
    hasher: new FakePasswordHasher(),
    tokens: new FakeTokenService(),
    randomTokens: new FakeRandomTokens(),
    clock,
    ids: new SequentialIds(),
    events: new RecordingEventLog(),
    settings: authSettings(settings),
    emails: new FakeEmailCanonicalizer(),
    outboxQueue: new InMemoryOutboxQueue(db),
    mailer: new RecordingMailer(),
    sealer: new FakeSecretSealer(),
    delivery,
    // The service's default per-account limit (LOGIN_EMAIL_RATE_LIMIT), on the world's clock.
    attempts: new InMemoryAttemptLimiter([{ max: 10, durationMs: 15 * 60_000 }], clock),
  };
  return {
    ...deps,
    deps: deps as DomainDependencies,
    db,
    useCases: createUseCases(deps),
    /** The worker's delivery over this world, sending into `mailer` (and with other settings). */
    deliverOutbox(mailer: Mailer, overrides: Partial<DeliverySettings> = {}): DeliverOutbox {
      return new DeliverOutbox({ ...deps, mailer, delivery: { ...delivery, ...overrides } });
    },
    /** Puts users straight into the tables, as if they had been there (with their email's skeleton). */
    async given(...users: User[]): Promise<void> {
      await deps.uow.run(async (scope) => {
        for (const user of users) {
          const skeleton = Email.skeletonOf(user.email, deps.emails);
          if ((await scope.users.add(user, skeleton)) !== 'added')
            throw new Error(`given: email taken ${user.email}`);
        }
      });
    },
    async userById(id: string): Promise<User | null> {
      return deps.uow.run((scope) => scope.users.findById(id));
    },
  };
}

export type TestWorld = ReturnType<typeof createTestWorld>;
