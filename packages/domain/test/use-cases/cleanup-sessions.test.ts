import { expect } from 'chai';
import { CleanupSessions } from '@codex-auth/domain';
import { expectFailure, expectOk } from '../helpers.js';
import { worldWithResetRequests } from './support/outbox.js';

describe('CleanupSessions', () => {
  it('deletes ended sessions older than the grace period', async () => {
    const { world, users } = await worldWithResetRequests(2);
    const [a, b] = users;
    const pairA = expectOk(
      await world.useCases.login.execute({ email: a!.email, password: 'correct horse battery staple' }),
    );
    expectOk(
      await world.useCases.login.execute({ email: b!.email, password: 'correct horse battery staple' }),
    );
    expectOk(await world.useCases.logout.execute({ refreshToken: pairA.refreshToken }));
    const sessions = new CleanupSessions(world.deps);
    expect(expectOk(await sessions.execute({ graceDays: 1 })).removed, 'too recent').to.equal(0);
    world.clock.advance(2 * 86_400_000);
    expect(
      expectOk(await sessions.execute({ graceDays: 1, batchSize: 1 })).removed,
      'the logged-out session',
    ).to.equal(1);
    expect(world.db.tables.sessions.size).to.equal(1);
    for (const bad of [{ graceDays: -1 }, { graceDays: 1, batchSize: 0 }]) {
      expectFailure(await sessions.execute(bad), 'validation_failed');
    }
  });
});
