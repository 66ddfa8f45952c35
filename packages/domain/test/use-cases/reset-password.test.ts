import { expect } from 'chai';
import { expectFailure, expectOk, loginAs } from '../helpers.js';
import { requestLink, withUser } from './support/password-reset.js';

describe('ResetPassword', () => {
  it('sets the new password, spends the token and ends every session', async () => {
    const setup = await withUser();
    const { world, user } = setup;
    const session = await loginAs(world, user);
    const token = await requestLink(setup, user.email);
    world.clock.advanceSeconds(30);
    expectOk(await world.useCases.resetPassword.execute({ token, password: 'a brand new password' }));
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: session.accessToken }),
      'unauthorized',
    );
    expectFailure(
      await world.useCases.refreshSession.execute({ refreshToken: session.refreshToken }),
      'refresh_revoked',
    );
    expectFailure(
      await world.useCases.login.execute({ email: user.email, password: 'correct horse battery staple' }),
      'invalid_credentials',
    );
    expectOk(await world.useCases.login.execute({ email: user.email, password: 'a brand new password' }));
    expect(world.events.last('password_reset_ok')?.userId).to.equal(user.id);
  });

  it('is single use', async () => {
    const setup = await withUser();
    const { world, user } = setup;
    const token = await requestLink(setup, user.email);
    expectOk(await world.useCases.resetPassword.execute({ token, password: 'a brand new password' }));
    const again = await world.useCases.resetPassword.execute({ token, password: 'another new password' });
    expectFailure(again, 'invalid_token');
  });

  it('lets only one of several concurrent uses of a token through', async () => {
    const setup = await withUser();
    const { world, user } = setup;
    const token = await requestLink(setup, user.email);
    const results = await Promise.all(
      ['first new password', 'second new password', 'third new password'].map((password) =>
        world.useCases.resetPassword.execute({ token, password }),
      ),
    );
    expect(results.filter((r) => r.ok)).to.have.length(1);
    expect(results.filter((r) => !r.ok && r.code === 'invalid_token')).to.have.length(2);
  });

  it('refuses unknown, empty and expired tokens with one code', async () => {
    const setup = await withUser();
    const { world, user } = setup;
    const token = await requestLink(setup, user.email);
    expectFailure(
      await world.useCases.resetPassword.execute({ token: 'made-up', password: 'a brand new password' }),
      'invalid_token',
    );
    expectFailure(
      await world.useCases.resetPassword.execute({ token: '', password: 'a brand new password' }),
      'invalid_token',
    );
    world.clock.advanceSeconds(3601);
    expectFailure(
      await world.useCases.resetPassword.execute({ token, password: 'a brand new password' }),
      'invalid_token',
    );
  });

  it('refuses a weak password without spending the token', async () => {
    const setup = await withUser();
    const { world, user } = setup;
    const token = await requestLink(setup, user.email);
    expectFailure(
      await world.useCases.resetPassword.execute({ token, password: 'short' }),
      'validation_failed',
    );
    expectFailure(
      await world.useCases.resetPassword.execute({ token, password: user.email }),
      'validation_failed',
    );
    expectOk(await world.useCases.resetPassword.execute({ token, password: 'a brand new password' }));
  });
});
