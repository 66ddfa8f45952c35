import { expect } from 'chai';
import type { RefreshToken } from '@codex-auth/domain';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

describe('SeedAdmin', () => {
  it('creates an approved admin who can log in', async () => {
    const world = createTestWorld();
    const out = expectOk(
      await world.useCases.seedAdmin.execute({
        email: 'Root@Example.com',
        password: 'a long admin password',
      }),
    );
    expect(out.created).to.equal(true);
    expect(out.user).to.include({ email: 'root@example.com', role: 'admin', status: 'approved' });
    expectOk(
      await world.useCases.login.execute({ email: 'root@example.com', password: 'a long admin password' }),
    );
    expect(world.events.last('admin_seeded')?.details).to.deep.equal({ created: true });
  });

  it('promotes an existing account, sets its password and ends its old sessions', async () => {
    const world = createTestWorld();
    const user = aUser().withEmail('someone@example.com').pending().build();
    const approved = aUser().withEmail('active@example.com').build();
    await world.given(user, approved);
    const old = await loginAs(world, approved);
    const out = expectOk(
      await world.useCases.seedAdmin.execute({
        email: 'SOMEONE@example.com',
        password: 'a long admin password',
      }),
    );
    expect(out).to.deep.include({ created: false });
    expect(out.user).to.include({ id: user.id, role: 'admin', status: 'approved' });
    expectOk(
      await world.useCases.seedAdmin.execute({
        email: 'active@example.com',
        password: 'another admin password',
      }),
    );
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: old.accessToken }),
      'unauthorized',
    );
    expectOk(
      await world.useCases.login.execute({ email: 'active@example.com', password: 'another admin password' }),
    );
  });

  it('refuses a bad email or a weak password', async () => {
    const world = createTestWorld();
    const result = await world.useCases.seedAdmin.execute({ email: 'nope', password: 'admin123' });
    expectFailure(result, 'validation_failed');
    if (!result.ok) expect(result.errors?.map((e) => e.field)).to.deep.equal(['email', 'password']);
    expect(world.db.tables.users.size).to.equal(0);
  });
});

describe('CleanupRefreshTokens', () => {
  async function withTokens() {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    await loginAs(world, user);
    const [session] = [...world.db.tables.sessions.values()];
    const now = world.clock.now().getTime();
    const day = 86_400_000;
    const token = (n: number, changes: Partial<RefreshToken>): RefreshToken => ({
      jti: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      sessionId: session!.id,
      userId: user.id,
      parentJti: null,
      createdAt: new Date(now - 30 * day),
      expiresAt: new Date(now + day),
      spentAt: null,
      replacedBy: null,
      revokedAt: null,
      ...changes,
    });
    await world.uow.run(async (s) => {
      for (let i = 0; i < 7; i++)
        await s.refreshTokens.add(token(i, { expiresAt: new Date(now - 10 * day) }));
      await s.refreshTokens.add(token(10, { expiresAt: new Date(now - 1 * day) }));
      for (let i = 20; i < 23; i++)
        await s.refreshTokens.add(token(i, { revokedAt: new Date(now - 20 * day) }));
      await s.refreshTokens.add(
        token(30, { createdAt: new Date(now - day), revokedAt: new Date(now - day) }),
      );
    });
    return world;
  }

  it('removes tokens expired before now − grace and revoked ones created before it, in batches', async () => {
    const world = await withTokens();
    const before = world.db.tables.refreshTokens.size;
    const batches: unknown[] = [];
    const out = expectOk(
      await world.useCases.cleanupRefreshTokens.execute({
        graceDays: 7,
        batchSize: 3,
        onProgress: (p) => batches.push(p),
      }),
    );
    expect(out).to.deep.equal({ removedExpired: 7, removedRevoked: 3 });
    expect(world.db.tables.refreshTokens.size).to.equal(before - 10);
    expect(batches.length, 'reported after each batch').to.be.greaterThan(3);
    expect(world.events.last('refresh_tokens_cleaned')?.details).to.include({
      removedExpired: 7,
      removedRevoked: 3,
    });
  });

  it('with grace 0 removes everything expired or revoked', async () => {
    const world = await withTokens();
    expect(expectOk(await world.useCases.cleanupRefreshTokens.execute({ graceDays: 0 }))).to.deep.equal({
      removedExpired: 8,
      removedRevoked: 4,
    });
  });

  it('refuses a negative or fractional grace and a bad batch size', async () => {
    const world = await withTokens();
    for (const input of [
      { graceDays: -1 },
      { graceDays: 1.5 },
      { graceDays: Number.NaN },
      { graceDays: 1, batchSize: 0 },
    ]) {
      expectFailure(await world.useCases.cleanupRefreshTokens.execute(input), 'validation_failed');
    }
  });
});

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
