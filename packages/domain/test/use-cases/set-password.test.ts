import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

describe('SetPassword', () => {
  it("sets a user's password by email and ends every session", async () => {
    const world = createTestWorld();
    const user = aUser().withEmail('forgetful@example.com').build();
    await world.given(user);
    const old = await loginAs(world, user);
    const view = expectOk(
      await world.useCases.setPassword.execute({
        email: ' Forgetful@example.com ',
        password: 'an operator password',
      }),
    );
    expect(view.id).to.equal(user.id);
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: old.accessToken }),
      'unauthorized',
    );
    expectFailure(
      await world.useCases.refreshSession.execute({ refreshToken: old.refreshToken }),
      'refresh_revoked',
    );
    expectOk(await world.useCases.login.execute({ email: user.email, password: 'an operator password' }));
    expect(world.events.last('password_changed')).to.include({ userId: user.id, reason: 'set_by_operator' });
  });

  it('refuses an unknown email and a weak password', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    expectFailure(
      await world.useCases.setPassword.execute({
        email: 'nobody@example.com',
        password: 'an operator password',
      }),
      'not_found',
    );
    expectFailure(
      await world.useCases.setPassword.execute({ email: '', password: 'an operator password' }),
      'not_found',
    );
    expectFailure(
      await world.useCases.setPassword.execute({ email: user.email, password: 'short' }),
      'validation_failed',
    );
    expect((await world.userById(user.id))?.passwordHash).to.equal(user.passwordHash);
  });
});
