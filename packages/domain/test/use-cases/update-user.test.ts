import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

describe('UpdateUser', () => {
  it('disables a user, ending sessions, and re-approves them', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    const pair = await loginAs(world, user);
    expect(
      expectOk(await world.useCases.updateUser.execute({ id: user.id, status: 'disabled' })).status,
    ).to.equal('disabled');
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: pair.accessToken }),
      'unauthorized',
    );
    expect(
      expectOk(await world.useCases.updateUser.execute({ id: user.id, status: 'approved' })).status,
    ).to.equal('approved');
    expectFailure(
      await world.useCases.refreshSession.execute({ refreshToken: pair.refreshToken }),
      'refresh_revoked',
    );
    await loginAs(world, user);
    expect(world.events.names().filter((n) => n === 'user_updated')).to.have.length(2);
  });

  it('approving a pending user sets the approval time', async () => {
    const world = createTestWorld();
    const user = aUser().pending().build();
    await world.given(user);
    expect(
      expectOk(await world.useCases.updateUser.execute({ id: user.id, status: 'approved' })).approvedAt,
    ).to.deep.equal(world.clock.now());
  });

  it('changes the role without ending sessions', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    const pair = await loginAs(world, user);
    expect(expectOk(await world.useCases.updateUser.execute({ id: user.id, role: 'admin' })).role).to.equal(
      'admin',
    );
    expect((await world.useCases.authenticate.execute({ accessToken: pair.accessToken })).ok).to.equal(true);
  });

  it('changes nothing, and logs nothing, for an empty or same-valued patch', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    expectOk(await world.useCases.updateUser.execute({ id: user.id }));
    expectOk(await world.useCases.updateUser.execute({ id: user.id, role: 'user', status: 'approved' }));
    expect(world.events.names()).to.deep.equal([]);
  });

  it('refuses statuses other than approved and disabled, and unknown roles', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    for (const patch of [
      { status: 'pending' },
      { status: 'rejected' },
      { status: 7 },
      { role: 'root' },
      { role: null },
    ]) {
      expectFailure(await world.useCases.updateUser.execute({ id: user.id, ...patch }), 'validation_failed');
    }
    expect(await world.userById(user.id)).to.deep.equal(user);
  });

  it('protects the last approved admin from demotion and from disabling', async () => {
    const world = createTestWorld();
    const admin = aUser().admin().build();
    await world.given(admin);
    expectFailure(await world.useCases.updateUser.execute({ id: admin.id, role: 'user' }), 'last_admin');
    expectFailure(
      await world.useCases.updateUser.execute({ id: admin.id, status: 'disabled' }),
      'last_admin',
    );
    expect(await world.userById(admin.id)).to.deep.equal(admin);
  });

  it('lets only one of two admins demote the other at the same time', async () => {
    const world = createTestWorld();
    const a = aUser().admin().build();
    const b = aUser().admin().build();
    await world.given(a, b);
    const results = await Promise.all(
      [a, b].map((u) => world.useCases.updateUser.execute({ id: u.id, role: 'user' })),
    );
    expect(results.filter((r) => r.ok)).to.have.length(1);
    expect(results.filter((r) => !r.ok && r.code === 'last_admin')).to.have.length(1);
    expect(await world.uow.run((s) => s.users.countActiveAdmins())).to.equal(1);
  });

  it('validates before looking up, and answers not_found for unknown ids', async () => {
    const world = createTestWorld();
    expectFailure(await world.useCases.updateUser.execute({ id: 'x', role: 'admin' }), 'not_found');
    expectFailure(
      await world.useCases.updateUser.execute({
        id: '00000000-0000-4000-8000-00000000ffff',
        status: 'disabled',
      }),
      'not_found',
    );
    expectFailure(await world.useCases.updateUser.execute({ id: 'x', role: 'boss' }), 'validation_failed');
  });
});
