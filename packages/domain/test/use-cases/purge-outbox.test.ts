import { expect } from 'chai';
import { PurgeOutbox } from '@codex-auth/domain';
import { expectFailure, expectOk } from '../helpers.js';
import { worldWithResetRequests } from './support/outbox.js';

describe('PurgeOutbox', () => {
  it('deletes finished jobs older than the grace period', async () => {
    const { world, deliver } = await worldWithResetRequests(2);
    expectOk(await deliver.execute());
    const purge = new PurgeOutbox({ outboxQueue: world.outboxQueue, clock: world.clock });
    expect(expectOk(await purge.execute({ graceDays: 1 })).removed, 'too recent').to.equal(0);
    world.clock.advance(2 * 86_400_000);
    expect(expectOk(await purge.execute({ graceDays: 1, batchSize: 1 })).removed).to.equal(2);
    expect(world.db.tables.outbox.size).to.equal(0);
    for (const bad of [{ graceDays: -1 }, { graceDays: 1, batchSize: 0 }]) {
      expectFailure(await purge.execute(bad), 'validation_failed');
    }
  });
});
