import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs, principalOf } from '../helpers.js';

async function withUser(status: 'approved' | 'pending' | 'disabled' = 'approved') {
  const world = createTestWorld();
  const user = aUser().withEmail('reset.me@example.com').withStatus(status).build();
  await world.given(user);
  return { world, user };
}

async function requestLink(world: Awaited<ReturnType<typeof withUser>>['world'], email: string) {
  expectOk(await world.useCases.requestPasswordReset.execute({ email }));
  return world.randomTokens.generated.at(-1)!;
}

describe('RequestPasswordReset', () => {
  it('queues an email carrying the link token, and stores only its hash', async () => {
    const { world, user } = await withUser();
    const token = await requestLink(world, ' Reset.Me@example.com ');
    const [job] = await world.outboxQueue.claim({ now: world.clock.now(), limit: 10, leaseMs: 1000 });
    expect(job?.message).to.deep.include({ type: 'password_reset_email', to: user.email, token });
    const stored = [...world.db.tables.resetTokens.values()];
    expect(stored).to.have.length(1);
    expect(stored[0]?.tokenHash).to.equal(world.randomTokens.hash(token)).and.not.equal(token);
    expect(stored[0]!.expiresAt.getTime() - world.clock.now().getTime()).to.equal(3600_000);
    expect(world.events.last('password_reset_requested')?.userId).to.equal(user.id);
    expect(JSON.stringify(world.events.events)).to.not.include(token);
  });

  it('answers the same for unknown, pending and disabled accounts, and sends nothing', async () => {
    for (const status of ['pending', 'disabled'] as const) {
      const { world, user } = await withUser(status);
      expect(await world.useCases.requestPasswordReset.execute({ email: user.email })).to.deep.equal({
        ok: true,
        value: undefined,
      });
      expect(
        await world.useCases.requestPasswordReset.execute({ email: 'nobody@example.com' }),
      ).to.deep.equal({ ok: true, value: undefined });
      expect(world.db.tables.outbox.size).to.equal(0);
      expect(world.db.tables.resetTokens.size).to.equal(0);
      expect(world.randomTokens.generated, 'the same work is done either way').to.have.length(2);
    }
  });

  it('refuses a malformed email', async () => {
    const { world } = await withUser();
    expectFailure(
      await world.useCases.requestPasswordReset.execute({ email: 'not an email' }),
      'validation_failed',
    );
  });

  it('replaces the older live link with the new one', async () => {
    const { world } = await withUser();
    const older = await requestLink(world, 'reset.me@example.com');
    const newer = await requestLink(world, 'reset.me@example.com');
    expectFailure(
      await world.useCases.resetPassword.execute({ token: older, password: 'a brand new password' }),
      'invalid_token',
    );
    expectOk(await world.useCases.resetPassword.execute({ token: newer, password: 'a brand new password' }));
  });
});

describe('ResetPassword', () => {
  it('sets the new password, spends the token and ends every session', async () => {
    const { world, user } = await withUser();
    const session = await loginAs(world, user);
    const token = await requestLink(world, user.email);
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
    const { world, user } = await withUser();
    const token = await requestLink(world, user.email);
    expectOk(await world.useCases.resetPassword.execute({ token, password: 'a brand new password' }));
    const again = await world.useCases.resetPassword.execute({ token, password: 'another new password' });
    expectFailure(again, 'invalid_token');
  });

  it('lets only one of several concurrent uses of a token through', async () => {
    const { world, user } = await withUser();
    const token = await requestLink(world, user.email);
    const results = await Promise.all(
      ['first new password', 'second new password', 'third new password'].map((password) =>
        world.useCases.resetPassword.execute({ token, password }),
      ),
    );
    expect(results.filter((r) => r.ok)).to.have.length(1);
    expect(results.filter((r) => !r.ok && r.code === 'invalid_token')).to.have.length(2);
  });

  it('refuses unknown, empty and expired tokens with one code', async () => {
    const { world, user } = await withUser();
    const token = await requestLink(world, user.email);
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
    const { world, user } = await withUser();
    const token = await requestLink(world, user.email);
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
});
