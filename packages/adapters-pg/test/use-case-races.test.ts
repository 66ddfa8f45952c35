import { expect } from 'chai';
import { authSettings, createUseCasesForTest } from './support/use-cases.js';
import { closeBackend, postgres } from './support/backends.js';
import type { Database } from '../src/index.js';

/*
 * The domain's use cases racing each other on a real Postgres: a refresh rotation, a logout, a
 * logout-all and a password change of one user at once lock the same user, token and session rows.
 * They must queue (one lock order) or, if the database still picks a deadlock victim, be retried by
 * the unit of work, so the caller sees an answer, never an exception.
 */
describe('use cases racing on a PostgreSQL server', function () {
  let db: Database | undefined;

  before(async function () {
    db = await postgres.open(this, { poolMax: 10 });
  });
  after(async () => {
    await closeBackend(db);
  });

  it('runs a unit of work again after a deadlock or serialization failure, and only then', async () => {
    let calls = 0;
    const value = await db!.uow.run(async (scope) => {
      calls++;
      await scope.users.count();
      if (calls < 3)
        throw Object.assign(new Error('deadlock detected'), { code: calls === 1 ? '40P01' : '40001' });
      return 'done';
    });
    expect([value, calls]).to.deep.equal(['done', 3]);
    let others = 0;
    const error = await db!.uow
      .run(async () => {
        others++;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      })
      .catch((e: unknown) => e);
    expect([(error as Error).message, others]).to.deep.equal(['unique violation', 1]);
  });

  it('never fails with an error when refresh, logout, logout-all and change-password race', async function () {
    this.timeout(120_000);
    const world = createUseCasesForTest(db!.uow, authSettings({ refreshReuseGraceSeconds: 0 }));
    const user = await world.givenUser('racer@example.com', 'the first password');
    let password = 'the first password';
    for (let round = 0; round < 12; round++) {
      const next = `password of round ${round}`;
      const a = await world.login(user.email, password);
      const b = await world.login(user.email, password);
      const principal = await world.principal(b.accessToken);
      const outcomes = await Promise.allSettled([
        world.useCases.refreshSession.execute({ refreshToken: a.refreshToken }),
        world.useCases.refreshSession.execute({ refreshToken: a.refreshToken }),
        world.useCases.refreshSession.execute({ refreshToken: b.refreshToken }),
        world.useCases.logout.execute({ refreshToken: a.refreshToken }),
        world.useCases.logoutAll.execute({ principal }),
        world.useCases.changePassword.execute({ principal, currentPassword: password, newPassword: next }),
      ]);
      const errors = outcomes
        .filter((o) => o.status === 'rejected')
        .map((o) => String((o as PromiseRejectedResult).reason));
      expect(errors, `round ${round}`).to.deep.equal([]);
      const changed = outcomes[5];
      expect(
        changed?.status === 'fulfilled' && changed.value.ok,
        `round ${round}: password changed`,
      ).to.equal(true);
      // The next logins use the new password: a concurrent logout-all writing back a stale copy of
      // the user (a lost update) would make them fail.
      password = next;
    }
  });
});
