import { expect } from 'chai';
import { DEFAULT_TEST_PASSWORD } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs, principalOf } from '../helpers.js';
import { withUser } from './support/password-reset.js';

describe('ChangePassword', () => {
  it('changes the password and ends every other session, keeping the caller’s', async () => {
    const { world, user } = await withUser();
    const other = await loginAs(world, user);
    const mine = await loginAs(world, user);
    const principal = await principalOf(world, mine);
    expectOk(
      await world.useCases.changePassword.execute({
        principal,
        currentPassword: 'correct horse battery staple',
        newPassword: 'a brand new password',
      }),
    );
    expectOk(await world.useCases.authenticate.execute({ accessToken: mine.accessToken }));
    expectOk(await world.useCases.refreshSession.execute({ refreshToken: mine.refreshToken }));
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: other.accessToken }),
      'unauthorized',
    );
    expectFailure(
      await world.useCases.refreshSession.execute({ refreshToken: other.refreshToken }),
      'refresh_revoked',
    );
    expectOk(await world.useCases.login.execute({ email: user.email, password: 'a brand new password' }));
    expect(world.events.last('password_changed')?.userId).to.equal(user.id);
  });

  it('refuses a wrong current password and a weak new one, changing nothing', async () => {
    const { world, user } = await withUser();
    const principal = await principalOf(world, await loginAs(world, user));
    expectFailure(
      await world.useCases.changePassword.execute({
        principal,
        currentPassword: 'wrong',
        newPassword: 'a brand new password',
      }),
      'invalid_credentials',
    );
    const weak = await world.useCases.changePassword.execute({
      principal,
      currentPassword: 'correct horse battery staple',
      newPassword: 'short',
    });
    expectFailure(weak, 'validation_failed');
    if (!weak.ok) expect(weak.errors?.[0]?.field).to.equal('new_password');
    expect((await world.userById(user.id))?.passwordHash).to.equal(user.passwordHash);
  });

  it('answers unauthorized when the user has vanished', async () => {
    const { world, user } = await withUser();
    const principal = await principalOf(world, await loginAs(world, user));
    world.db.tables.users.delete(user.id);
    expectFailure(
      await world.useCases.changePassword.execute({
        principal,
        currentPassword: 'x',
        newPassword: 'a brand new password',
      }),
      'unauthorized',
    );
  });

  it('counts wrong current passwords against the account’s attempt limit, shared with login', async () => {
    const { world, user } = await withUser();
    const principal = await principalOf(world, await loginAs(world, user));
    for (let i = 0; i < 10; i += 1) {
      expectFailure(
        await world.useCases.changePassword.execute({
          principal,
          currentPassword: `guess ${i}`,
          newPassword: 'a brand new password',
        }),
        'invalid_credentials',
      );
    }
    expect(world.events.last('password_change_failed')?.userId).to.equal(user.id);
    expectFailure(
      await world.useCases.changePassword.execute({
        principal,
        currentPassword: DEFAULT_TEST_PASSWORD,
        newPassword: 'a brand new password',
      }),
      'rate_limited',
    );
    expectFailure(
      await world.useCases.login.execute({ email: user.email, password: DEFAULT_TEST_PASSWORD }),
      'rate_limited',
    );
  });
});
