import { expect } from 'chai';
import { authorizeAdmin } from '@codex-auth/domain';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs, principalOf } from '../helpers.js';

describe('Authenticate', () => {
  async function loggedIn() {
    const world = createTestWorld();
    const user = aUser().admin().build();
    const other = aUser().admin().build();
    await world.given(user, other);
    const pair = await loginAs(world, user);
    return { world, user, pair };
  }

  it('turns a live access token into the principal', async () => {
    const { world, user, pair } = await loggedIn();
    const principal = await principalOf(world, pair);
    expect(principal).to.include({ userId: user.id, email: user.email, role: 'admin' });
  });

  it('carries the account as read with the session (what /me shows), never its password hash', async () => {
    const { world, user, pair } = await loggedIn();
    const principal = await principalOf(world, pair);
    expect(principal.user).to.deep.equal({
      id: user.id,
      email: user.email,
      role: user.role,
      status: user.status,
      createdAt: user.createdAt,
      approvedAt: user.approvedAt,
    });
  });

  it('reads with one read outside a unit of work: no transaction on every request', async () => {
    const { world, pair } = await loggedIn();
    const reads: string[] = [];
    const read = world.uow.read.bind(world.uow);
    world.uow.read = (work) => {
      reads.push('read');
      return read(work);
    };
    world.uow.run = () => Promise.reject(new Error('authentication opened a unit of work'));
    expectOk(await world.useCases.authenticate.execute({ accessToken: pair.accessToken }));
    expect(reads).to.deep.equal(['read']);
  });

  it('refuses empty, tampered, refresh and expired tokens', async () => {
    const { world, pair } = await loggedIn();
    const auth = (accessToken: string) => world.useCases.authenticate.execute({ accessToken });
    expectFailure(await auth(''), 'unauthorized');
    expectFailure(await auth(pair.accessToken.slice(0, -1) + 'x'), 'unauthorized');
    expectFailure(await auth(pair.refreshToken), 'unauthorized');
    world.clock.advanceSeconds(901);
    const expired = await auth(pair.accessToken);
    expectFailure(expired, 'unauthorized');
    if (!expired.ok) expect(expired.message).to.equal('unauthorized');
  });

  it('uses the role stored now, not the one in the token', async () => {
    const { world, user, pair } = await loggedIn();
    expectOk(await world.useCases.updateUser.execute({ id: user.id, role: 'user' }));
    const principal = await principalOf(world, pair);
    expect(principal.role).to.equal('user');
    expectFailure(authorizeAdmin(principal), 'forbidden');
  });

  it('stops working at once when the session is revoked', async () => {
    const { world, pair } = await loggedIn();
    expectOk(await world.useCases.logout.execute({ refreshToken: pair.refreshToken }));
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: pair.accessToken }),
      'unauthorized',
    );
  });

  for (const status of ['rejected', 'disabled'] as const) {
    it(`stops working at once when the user is ${status}`, async () => {
      const { world, user, pair } = await loggedIn();
      await world.uow.run(async (s) => s.users.update({ ...user, status }));
      expectFailure(
        await world.useCases.authenticate.execute({ accessToken: pair.accessToken }),
        'unauthorized',
      );
    });
  }

  it('refuses tokens issued before the user’s cut-off, and accepts those after', async () => {
    const { world, user, pair } = await loggedIn();
    world.clock.advanceSeconds(5);
    await world.uow.run(async (s) => s.users.update({ ...user, tokensValidAfter: world.clock.now() }));
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: pair.accessToken }),
      'unauthorized',
    );
    const fresh = await loginAs(world, user);
    expectOk(await world.useCases.authenticate.execute({ accessToken: fresh.accessToken }));
  });

  it('refuses a token whose session belongs to someone else or is gone', async () => {
    const { world, pair } = await loggedIn();
    const claims = (await world.tokens.verifyAccess(pair.accessToken, world.clock.now()))!;
    const forged = await world.tokens.signAccess({
      ...claims,
      sessionId: '00000000-0000-4000-8000-00000000dead',
    });
    expectFailure(await world.useCases.authenticate.execute({ accessToken: forged }), 'unauthorized');
    const intruder = aUser().build();
    await world.given(intruder);
    const crossed = await world.tokens.signAccess({ ...claims, userId: intruder.id });
    expectFailure(await world.useCases.authenticate.execute({ accessToken: crossed }), 'unauthorized');
  });

  it('authorizes admins only', () => {
    const principal = {
      userId: 'u',
      sessionId: 's',
      email: 'e',
      role: 'admin' as const,
      user: aUser().build(),
    };
    expect(expectOk(authorizeAdmin(principal))).to.equal(principal);
    expectFailure(authorizeAdmin({ ...principal, role: 'user' }), 'forbidden');
  });
});
