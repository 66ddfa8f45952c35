import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryOutboxQueue } from './in-memory-outbox-queue.js';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';
import { persistenceContracts } from './contracts/index.js';

// The fakes are held to the same contract as the Postgres adapter, so they cannot drift from it.
describe('in-memory adapters', () => {
  persistenceContracts({ describe, it, beforeEach, afterEach }, async () => {
    const db = new InMemoryDatabase();
    return { uow: new InMemoryUnitOfWork(db), outboxQueue: new InMemoryOutboxQueue(db) };
  });
});
