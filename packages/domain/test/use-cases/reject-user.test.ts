import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

describe('RejectUser', () => {
  it('rejects an approved user and ends their sessions at once', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    const pair = await loginAs(world, user);
    expect(expectOk(await world.useCases.rejectUser.execute({ id: user.id })).status).to.equal('rejected');
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: pair.accessToken }),
      'unauthorized',
    );
    expectFailure(
      await world.useCases.refreshSession.execute({ refreshToken: pair.refreshToken }),
      'account_rejected',
    );
    expectFailure(
      await world.useCases.login.execute({ email: user.email, password: 'correct horse battery staple' }),
      'account_rejected',
    );
    expect(world.events.last('user_rejected')?.userId).to.equal(user.id);
  });

  it('rejects from pending', async () => {
    const world = createTestWorld();
    const user = aUser().pending().build();
    await world.given(user);
    expect(expectOk(await world.useCases.rejectUser.execute({ id: user.id })).status).to.equal('rejected');
  });

  it('refuses to reject the last approved admin, and allows it when another remains', async () => {
    const world = createTestWorld();
    const admin = aUser().admin().build();
    const disabledAdmin = aUser().admin().disabled().build();
    await world.given(admin, disabledAdmin);
    expectFailure(await world.useCases.rejectUser.execute({ id: admin.id }), 'last_admin');
    expect((await world.userById(admin.id))?.status).to.equal('approved');
    const second = aUser().admin().build();
    await world.given(second);
    expectOk(await world.useCases.rejectUser.execute({ id: admin.id }));
    expectFailure(await world.useCases.rejectUser.execute({ id: second.id }), 'last_admin');
    expectOk(await world.useCases.rejectUser.execute({ id: disabledAdmin.id }));
  });

  it('answers not_found for unknown ids', async () => {
    const world = createTestWorld();
    expectFailure(
      await world.useCases.rejectUser.execute({ id: '00000000-0000-4000-8000-00000000ffff' }),
      'not_found',
    );
    expectFailure(await world.useCases.rejectUser.execute({ id: 'x' }), 'not_found');
  });
});
