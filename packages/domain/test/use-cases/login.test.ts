import { expect } from 'chai';
import { FakePasswordHasher, aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

describe('Login', () => {
  it('gives an approved user a token pair and opens a session', async () => {
    const world = createTestWorld();
    const user = aUser().withEmail('ada@example.com').withPassword('the right password').build();
    await world.given(user);
    const pair = expectOk(
      await world.useCases.login.execute({
        email: ' ADA@example.com',
        password: 'the right password',
        userAgent: 'ua',
        ip: '192.0.2.1',
      }),
    );
    expect(pair).to.include({ tokenType: 'bearer', expiresIn: 900 });
    const access = await world.tokens.verifyAccess(pair.accessToken, world.clock.now());
    const refresh = await world.tokens.verifyRefresh(pair.refreshToken, world.clock.now());
    expect(access).to.include({ userId: user.id, role: 'user', email: 'ada@example.com' });
    expect(refresh?.sessionId).to.equal(access?.sessionId);
    const session = await world.uow.run((s) => s.sessions.findById(access!.sessionId));
    expect(session).to.include({ userId: user.id, userAgent: 'ua', ip: '192.0.2.1', revokedAt: null });
    expect(world.events.last('login_ok')?.userId).to.equal(user.id);
  });

  it('answers a wrong password and an unknown email alike, verifying a hash either way', async () => {
    const world = createTestWorld();
    await world.given(aUser().withEmail('ada@example.com').build());
    const wrong = await world.useCases.login.execute({
      email: 'ada@example.com',
      password: 'wrong password!!',
    });
    const unknown = await world.useCases.login.execute({
      email: 'nobody@example.com',
      password: 'wrong password!!',
    });
    expect(wrong).to.deep.equal(unknown);
    expectFailure(wrong, 'invalid_credentials');
    if (!wrong.ok) expect(wrong.message).to.equal('invalid credentials');
    expect(world.hasher.verifyCalls, 'one verification per attempt').to.equal(2);
    expect(world.events.names()).to.deep.equal(['login_failed', 'login_failed']);
  });

  it('does not judge email syntax: any non-matching string is wrong credentials', async () => {
    const world = createTestWorld();
    for (const email of ['', 'not an email', 'x'.repeat(10_000)]) {
      expectFailure(
        await world.useCases.login.execute({ email, password: 'whatever password' }),
        'invalid_credentials',
      );
    }
  });

  it('lets a seed-imported account with an address today refuses log in', async () => {
    const world = createTestWorld();
    const legacy = aUser().withEmail('old_user@localhost').withPassword('legacy password').build();
    await world.given(legacy);
    expectOk(
      await world.useCases.login.execute({ email: 'old_user@localhost', password: 'legacy password' }),
    );
  });

  for (const [status, code] of [
    ['pending', 'account_pending'],
    ['rejected', 'account_rejected'],
    ['disabled', 'account_disabled'],
  ] as const) {
    it(`refuses a ${status} user with ${code}, but only after the password checks out`, async () => {
      const world = createTestWorld();
      const user = aUser().withStatus(status).withPassword('the right password').build();
      await world.given(user);
      expectFailure(
        await world.useCases.login.execute({ email: user.email, password: 'not the password' }),
        'invalid_credentials',
      );
      const result = await world.useCases.login.execute({
        email: user.email,
        password: 'the right password',
      });
      expectFailure(result, code);
      if (status === 'pending' && !result.ok) expect(result.message).to.equal('not approved');
      expect(world.events.last('login_not_approved')).to.include({ userId: user.id, reason: status });
      expect(world.db.tables.sessions.size).to.equal(0);
    });
  }

  it('rehashes an outdated hash on a successful login, keeping the password', async () => {
    const world = createTestWorld();
    const user = aUser().withPassword('the right password', 0).build();
    await world.given(user);
    await loginAs(world, user, 'the right password');
    const stored = await world.userById(user.id);
    expect(stored?.passwordHash).to.not.equal(user.passwordHash);
    expect(world.hasher.needsRehash(stored!.passwordHash)).to.equal(false);
    expect(world.events.last('login_ok')?.details).to.deep.equal({ rehashed: true });
    await loginAs(world, user, 'the right password');
    expect(world.events.last('login_ok')?.details).to.deep.equal({ rehashed: false });
  });

  it('keeps a rehash from overwriting a change made meanwhile', async () => {
    const world = createTestWorld();
    const user = aUser().withPassword('the right password', 0).build();
    await world.given(user);
    // The password changes between the read and the rehash: the newer hash must win.
    const hasher = world.hasher;
    const original = hasher.hash.bind(hasher);
    hasher.hash = async (plain: string) => {
      const changed = {
        ...(await world.userById(user.id))!,
        passwordHash: FakePasswordHasher.hashSync('changed meanwhile!'),
      };
      await world.uow.run((s) => s.users.update(changed));
      return original(plain);
    };
    await loginAs(world, user, 'the right password');
    expect((await world.userById(user.id))?.passwordHash).to.equal(
      FakePasswordHasher.hashSync('changed meanwhile!'),
    );
  });

  it('stores a bounded user agent', async () => {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    const pair = expectOk(
      await world.useCases.login.execute({
        email: user.email,
        password: 'correct horse battery staple',
        userAgent: 'u'.repeat(5000),
      }),
    );
    const claims = await world.tokens.verifyAccess(pair.accessToken, world.clock.now());
    const session = await world.uow.run((s) => s.sessions.findById(claims!.sessionId));
    expect(session?.userAgent).to.have.length(512);
    expect(session?.ip).to.equal(null);
  });

  describe('attempt limits per account', () => {
    it('refuses an account after 10 failures in 15 minutes, before any hash, saying until when', async () => {
      const world = createTestWorld();
      await world.given(aUser().withEmail('ada@example.com').withPassword('the right password').build());
      for (let i = 0; i < 10; i += 1) {
        expectFailure(
          await world.useCases.login.execute({ email: 'ada@example.com', password: `guess ${i}` }),
          'invalid_credentials',
        );
      }
      const verifications = world.hasher.verifyCalls;
      // The right password, in another form of the address: still refused.
      const refused = await world.useCases.login.execute({
        email: ' ADA@EXAMPLE.com',
        password: 'the right password',
      });
      expectFailure(refused, 'rate_limited');
      expect(world.hasher.verifyCalls, 'no hash checked once refused').to.equal(verifications);
      expect(refused.ok ? null : refused.retry).to.deep.equal({
        limit: 'login_email',
        max: 10,
        windowMs: 15 * 60_000,
        resetAt: world.clock.now().getTime() + 15 * 60_000,
      });
      expect(world.events.last('login_rate_limited')?.reason).to.equal('login_email');
      world.clock.advance(15 * 60_000);
      expectOk(
        await world.useCases.login.execute({ email: 'ada@example.com', password: 'the right password' }),
      );
    });

    it('counts unknown addresses alike, and never a success', async () => {
      const world = createTestWorld();
      await world.given(aUser().withEmail('ada@example.com').withPassword('the right password').build());
      for (let i = 0; i < 12; i += 1) {
        expectOk(
          await world.useCases.login.execute({ email: 'ada@example.com', password: 'the right password' }),
        );
      }
      for (let i = 0; i < 10; i += 1) {
        await world.useCases.login.execute({ email: 'ghost@example.com', password: 'any password' });
      }
      expectFailure(
        await world.useCases.login.execute({ email: 'ghost@example.com', password: 'any password' }),
        'rate_limited',
      );
    });
  });
});
