import {
  distributedLockContract,
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
