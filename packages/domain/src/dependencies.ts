import type { AttemptLimiter } from './ports/attempt-limiter.js';
import type { Clock } from './ports/clock.js';
import type { EmailCanonicalizer } from './ports/email-canonicalizer.js';
import type { EventLog } from './ports/event-log.js';
import type { IdGenerator } from './ports/id-generator.js';
import type { Mailer } from './ports/mailer.js';
import type { OutboxQueue } from './ports/outbox.js';
import type { PasswordHasher } from './ports/password-hasher.js';
import type { RandomTokens } from './ports/random-tokens.js';
import type { SecretSealer } from './ports/secret-sealer.js';
import type { TokenService } from './ports/token-service.js';
import type { UnitOfWork } from './ports/unit-of-work.js';
import type { AuthSettings } from './settings.js';
import type { DeliverySettings } from './use-cases/deliver-outbox/deliver-outbox.js';

/**
 * Everything a use case may need, the worker's included: `createUseCases(deps)` builds every use
 * case from one of these. Each use case takes the `Pick` of it that it uses, as one object, so that
 * embedding code can also write `new Login({ uow, hasher, ... })` with no container.
 */
export interface DomainDependencies {
  readonly uow: UnitOfWork;
  readonly hasher: PasswordHasher;
  readonly tokens: TokenService;
  readonly randomTokens: RandomTokens;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly events: EventLog;
  readonly settings: AuthSettings;
  readonly emails: EmailCanonicalizer;
  /** The worker's side of the outbox: delivery claims jobs from it, clean-up purges finished ones. */
  readonly outboxQueue: OutboxQueue;
  readonly mailer: Mailer;
  /** Seals reset tokens while their email waits in the outbox. */
  readonly sealer: SecretSealer;
  readonly delivery: DeliverySettings;
  /**
   * Failed attempts at a secret per account (password today, a second factor later): every use
   * case that checks one consults it first and counts its failures in it.
   */
  readonly attempts: AttemptLimiter;
}
