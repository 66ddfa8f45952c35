import { expect } from 'chai';
import { expectFailure, expectOk, principalOf } from '../helpers.js';
import { twoSessions } from './support/sessions.js';

describe('RevokeSession', () => {
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
