import { expect } from 'chai';
import { expectFailure, expectOk } from '../helpers.js';
import { twoSessions } from './support/sessions.js';

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
