import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

describe('ApproveUser', () => {
  for (const status of ['pending', 'rejected', 'disabled'] as const) {
    it(`approves a ${status} user, who can then log in`, async () => {
      const world = createTestWorld();
      const user = aUser().withStatus(status).build();
      await world.given(user);
      world.clock.advanceSeconds(100);
      const approved = expectOk(await world.useCases.approveUser.execute({ id: user.id }));
      expect(approved.status).to.equal('approved');
      expect(approved.approvedAt).to.deep.equal(world.clock.now());
      await loginAs(world, user);
    });
  }

  it('is idempotent: approving again keeps the first approval time and logs nothing new', async () => {
    const world = createTestWorld();
    const user = aUser().pending().build();
    await world.given(user);
    const first = expectOk(await world.useCases.approveUser.execute({ id: user.id }));
    world.clock.advanceSeconds(100);
    const second = expectOk(await world.useCases.approveUser.execute({ id: user.id }));
    expect(second).to.deep.equal(first);
    expect(world.events.names().filter((n) => n === 'user_approved')).to.have.length(1);
  });

  it('answers not_found for unknown ids', async () => {
    const world = createTestWorld();
    expectFailure(
      await world.useCases.approveUser.execute({ id: '00000000-0000-4000-8000-00000000ffff' }),
      'not_found',
    );
    expectFailure(await world.useCases.approveUser.execute({ id: 'x' }), 'not_found');
  });
});
