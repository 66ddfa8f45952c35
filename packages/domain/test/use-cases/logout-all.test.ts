import { expect } from 'chai';
import { expectFailure, expectOk, loginAs, principalOf } from '../helpers.js';
import { twoSessions } from './support/sessions.js';

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
