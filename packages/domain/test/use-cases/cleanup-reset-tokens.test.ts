import { expect } from 'chai';
import { CleanupResetTokens } from '@codex-auth/domain';
import { aUser, createTestWorld, RecordingMailer } from '@codex-auth/domain/testing';
import { expectFailure, expectOk } from '../helpers.js';
import { worldWithResetRequests } from './support/outbox.js';

describe('CleanupResetTokens', () => {
  it('removes tokens used or expired before now − grace, and validates its input', async () => {
    const { world, users } = await worldWithResetRequests(2);
    expectOk(await world.deliverOutbox(new RecordingMailer()).execute());
    const cleanup = new CleanupResetTokens(world.deps);
    expect(expectOk(await cleanup.execute({ graceDays: 0 })).removed, 'live tokens stay').to.equal(0);
    world.clock.advance(2 * 86_400_000);
    expect(expectOk(await cleanup.execute({ graceDays: 1, batchSize: 1 })).removed).to.equal(2);
    expect(users).to.have.length(2);
    expectFailure(await cleanup.execute({ graceDays: -1 }), 'validation_failed');
    expectFailure(await cleanup.execute({ graceDays: 1, batchSize: 0 }), 'validation_failed');
  });

  it('keeps revoked tokens young enough to count toward the per-account limit, whatever the grace', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    const deliver = world.deliverOutbox(new RecordingMailer());
    for (let i = 0; i < 2; i++) {
      expectOk(await world.useCases.requestPasswordReset.execute({ email: user.email }));
      expectOk(await deliver.execute());
    }
    const cleanup = new CleanupResetTokens(world.deps);
    world.clock.advanceSeconds(60);
    expect(expectOk(await cleanup.execute({ graceDays: 0 })).removed, 'the revoked one counts').to.equal(0);
    world.clock.advanceSeconds(3600);
    expect(expectOk(await cleanup.execute({ graceDays: 0 })).removed, 'revoked over an hour ago').to.equal(1);
    world.clock.advanceSeconds(3600);
    expect(expectOk(await cleanup.execute({ graceDays: 0 })).removed, 'expired over an hour ago').to.equal(1);
  });
});
