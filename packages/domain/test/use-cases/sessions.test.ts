import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs, principalOf } from '../helpers.js';

async function twoSessions() {
  const world = createTestWorld();
  const user = aUser().build();
  const stranger = aUser().build();
  await world.given(user, stranger);
  const first = await loginAs(world, user);
  world.clock.advanceSeconds(10);
  const second = await loginAs(world, user);
  const theirs = await loginAs(world, stranger);
  return { world, user, first, second, theirs };
}

describe('Logout', () => {
  it("revokes the token's session only", async () => {
    const { world, first, second } = await twoSessions();
    expectOk(await world.useCases.logout.execute({ refreshToken: first.refreshToken }));
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: first.accessToken }),
      'unauthorized',
    );
    expectOk(await world.useCases.authenticate.execute({ accessToken: second.accessToken }));
    expect(world.events.names()).to.include('logout_ok');
  });

  it('is idempotent for a revoked session or a valid token the server does not know', async () => {
    const { world, first } = await twoSessions();
    expectOk(await world.useCases.logout.execute({ refreshToken: first.refreshToken }));
    expectOk(await world.useCases.logout.execute({ refreshToken: first.refreshToken }));
    const claims = (await world.tokens.verifyRefresh(first.refreshToken, world.clock.now()))!;
    const unknown = await world.tokens.signRefresh({
      ...claims,
      sessionId: '00000000-0000-4000-8000-00000000abcd',
    });
    expectOk(await world.useCases.logout.execute({ refreshToken: unknown }));
  });

  it("cannot end someone else's session with a token naming it", async () => {
    const { world, first, theirs } = await twoSessions();
    const mine = (await world.tokens.verifyRefresh(first.refreshToken, world.clock.now()))!;
    const target = (await world.tokens.verifyRefresh(theirs.refreshToken, world.clock.now()))!;
    const forged = await world.tokens.signRefresh({ ...mine, sessionId: target.sessionId });
    expectOk(await world.useCases.logout.execute({ refreshToken: forged }));
    expectOk(await world.useCases.authenticate.execute({ accessToken: theirs.accessToken }));
  });

  it('asks for a token, and refuses an invalid one', async () => {
    const { world, first } = await twoSessions();
    expectFailure(await world.useCases.logout.execute({ refreshToken: '' }), 'refresh_required');
    expectFailure(await world.useCases.logout.execute({ refreshToken: 'nope' }), 'invalid_refresh');
    expectFailure(
      await world.useCases.logout.execute({ refreshToken: first.accessToken }),
      'invalid_refresh',
    );
    expect(world.events.names()).to.include('logout_invalid_refresh');
  });
});

describe('LogoutAll', () => {
  it("revokes every session of the caller, the caller's own included, and no one else's", async () => {
    const { world, first, second, theirs } = await twoSessions();
    const result = expectOk(
      await world.useCases.logoutAll.execute({ principal: await principalOf(world, second) }),
    );
    expect(result.revoked).to.equal(2);
    for (const pair of [first, second]) {
      expectFailure(
        await world.useCases.authenticate.execute({ accessToken: pair.accessToken }),
        'unauthorized',
      );
      expectFailure(
        await world.useCases.refreshSession.execute({ refreshToken: pair.refreshToken }),
        'refresh_revoked',
      );
    }
    expectOk(await world.useCases.authenticate.execute({ accessToken: theirs.accessToken }));
    expect(world.events.last('logout_all_ok')?.details).to.deep.equal({ revoked: 2 });
  });

  it('leaves a login made right after working', async () => {
    const { world, user, second } = await twoSessions();
    expectOk(await world.useCases.logoutAll.execute({ principal: await principalOf(world, second) }));
    const again = await loginAs(world, user);
    expectOk(await world.useCases.authenticate.execute({ accessToken: again.accessToken }));
  });
});

describe('ListSessions and RevokeSession', () => {
  it('lists live sessions newest first, marking the current one', async () => {
    const { world, first, second } = await twoSessions();
    const principal = await principalOf(world, first);
    const { items } = expectOk(await world.useCases.listSessions.execute({ principal }));
    expect(items.map((s) => s.current)).to.deep.equal([false, true]);
    expect(items[0]?.id).to.equal((await principalOf(world, second)).sessionId);
    expect(items[0]).to.include({ userAgent: 'test-agent', ip: '198.51.100.1' });
    expect(items[0]).to.have.keys(['id', 'createdAt', 'lastUsedAt', 'userAgent', 'ip', 'current']);
  });

  it('revokes one of my sessions, which then disappears from the list', async () => {
    const { world, first, second } = await twoSessions();
    const me = await principalOf(world, first);
    const other = await principalOf(world, second);
    expectOk(await world.useCases.revokeSession.execute({ principal: me, sessionId: other.sessionId }));
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: second.accessToken }),
      'unauthorized',
    );
    expectFailure(
      await world.useCases.refreshSession.execute({ refreshToken: second.refreshToken }),
      'refresh_revoked',
    );
    const { items } = expectOk(await world.useCases.listSessions.execute({ principal: me }));
    expect(items.map((s) => s.id)).to.deep.equal([me.sessionId]);
    expectFailure(
      await world.useCases.revokeSession.execute({ principal: me, sessionId: other.sessionId }),
      'not_found',
    );
  });

  it("answers not_found for someone else's session, an unknown id and a non-uuid", async () => {
    const { world, first, theirs } = await twoSessions();
    const me = await principalOf(world, first);
    const them = await principalOf(world, theirs);
    for (const sessionId of [them.sessionId, '00000000-0000-4000-8000-0000000fffff', "1' OR '1'='1"]) {
      expectFailure(await world.useCases.revokeSession.execute({ principal: me, sessionId }), 'not_found');
    }
    expectOk(await world.useCases.authenticate.execute({ accessToken: theirs.accessToken }));
  });
});
