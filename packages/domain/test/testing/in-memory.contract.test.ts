import {
  attemptLimiterContract,
  distributedLockContract,
  InMemoryAttemptLimiter,
  InMemoryDatabase,
  InMemoryDistributedLock,
  InMemoryOutboxQueue,
  FakeSecretSealer,
  InMemoryUnitOfWork,
  persistenceContracts,
  secretSealerContract,
} from '@codex-auth/domain/testing';

// The fakes are held to the same contract as the Postgres adapter, so they cannot drift from it.
describe('in-memory adapters', () => {
  persistenceContracts({ describe, it, beforeEach, afterEach }, async () => {
    const db = new InMemoryDatabase();
    return { uow: new InMemoryUnitOfWork(db), outboxQueue: new InMemoryOutboxQueue(db) };
  });
});

describe('FakeSecretSealer', () => {
  secretSealerContract({ describe, it }, () => ({
    sealer: new FakeSecretSealer(),
    stranger: new FakeSecretSealer('k2'),
  }));
});

describe('InMemoryDistributedLock', () => {
  distributedLockContract({ describe, it }, async () => {
    const table = new InMemoryDistributedLock();
    return { one: table, other: table };
  });
});

describe('InMemoryAttemptLimiter', () => {
  attemptLimiterContract({ describe, it }, async (windows) => {
    // Real time plus what the test lets pass, so the contract's wall-clock bounds still hold.
    let offset = 0;
    const limiter = new InMemoryAttemptLimiter(windows, { now: () => new Date(Date.now() + offset) });
    return {
      limiter,
      pass: (ms) => {
        offset += ms;
        return Promise.resolve();
      },
    };
  });
});
