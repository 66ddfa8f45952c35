/**
 * In-memory adapters of every port, fakes, builders and the port contract suites: for tests of this
 * package and of the adapters, and for embedding the domain with no database.
 */
export { InMemoryDatabase } from './in-memory-database.js';
export { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';
export { InMemoryOutboxQueue } from './in-memory-outbox-queue.js';
export { InMemoryDistributedLock } from './in-memory-distributed-lock.js';
export { InMemoryAttemptLimiter } from './in-memory-attempt-limiter.js';
export { InMemoryWindowCounters } from './in-memory-window-counters.js';
export {
  InMemoryOutbox,
  InMemoryPasswordResetTokenRepository,
  InMemoryRefreshTokenRepository,
  InMemorySessionRepository,
  InMemoryUserRepository,
} from './in-memory-repositories.js';
export {
  FakeClock,
  FakePasswordHasher,
  FakeRandomTokens,
  FakeSecretSealer,
  FakeTokenService,
  RecordingEventLog,
  RecordingMailer,
  SequentialIds,
} from './fakes.js';
export { FakeEmailCanonicalizer } from './fake-email-canonicalizer.js';
export { aUser, DEFAULT_TEST_PASSWORD, UserBuilder } from './builders.js';
export { createTestWorld, type TestWorld } from './world.js';
export * from './contracts/index.js';
