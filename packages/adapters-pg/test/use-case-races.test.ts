import { expect } from 'chai';
import { authSettings, createUseCasesForTest, ShiftableClock } from './support/use-cases.js';
import { backends, closeBackend, postgres } from './support/backends.js';
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
    const world = createUseCasesForTest(db!, authSettings({ refreshReuseGraceSeconds: 0 }));
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

/*
 * Refresh rotation under real transactions. A request reads its time on arrival, before it queues for
 * the token's row, so the one that arrived first can lose; the shiftable clock plays that order
 * (on PGlite's one connection too, where the units of work only take turns).
 */
for (const backend of backends) {
  describe(`refresh rotation races on ${backend.name}`, function () {
    let db: Database | undefined;

    before(async function () {
      db = await backend.open(this, { poolMax: 10 });
    });
    after(async () => {
      await closeBackend(db);
    });

    /** Refresh tokens of the session that could still be used: neither spent nor revoked. */
    const liveJtis = async (sessionId: string): Promise<string[]> => {
      const rows: { jti: string }[] = await db!
        .knex('refresh_tokens')
        .select('jti')
        .where({ session_id: sessionId, spent_at: null, revoked_at: null });
      return rows.map((r) => r.jti);
    };

    it('with no grace, exactly one of two parallel refreshes wins, round after round', async function () {
      this.timeout(60_000);
      const clock = new ShiftableClock();
      const world = createUseCasesForTest(db!, authSettings({ refreshReuseGraceSeconds: 0 }), clock);
      const user = await world.givenUser('nograce@example.com', 'the password');
      const refresh = (refreshToken: string) => world.useCases.refreshSession.execute({ refreshToken });
      for (let round = 0; round < 200; round++) {
        const pair = await world.login(user.email, 'the password');
        const { sessionId } = (await world.tokens.verifyRefresh(pair.refreshToken, new Date()))!;
        // Each request reads the clock when it starts; in every other round the second one reads an
        // earlier time than the first, so whichever wins, half the losers "arrived first".
        clock.offsetMs = round % 2 === 0 ? 0 : -5;
        const first = refresh(pair.refreshToken);
        clock.offsetMs = round % 2 === 0 ? -5 : 0;
        const second = refresh(pair.refreshToken);
        clock.offsetMs = 0;
        const results = await Promise.all([first, second]);
        const codes = results.map((r) => (r.ok ? 'ok' : r.code)).sort();
        expect(codes, `round ${round}`).to.deep.equal(['ok', 'refresh_reused']);
        // The reuse revoked the session: the winner's new token is dead as well.
        expect(await liveJtis(sessionId), `round ${round}: live tokens`).to.deep.equal([]);
      }
    });

    it("answers 20 parallel replays within the grace window with the winner's one successor", async function () {
      this.timeout(60_000);
      const clock = new ShiftableClock();
      const world = createUseCasesForTest(db!, authSettings({ refreshReuseGraceSeconds: 10 }), clock);
      const user = await world.givenUser('grace@example.com', 'the password');
      const refresh = (refreshToken: string) => world.useCases.refreshSession.execute({ refreshToken });
      for (let round = 0; round < 5; round++) {
        const pair = await world.login(user.email, 'the password');
        const { sessionId } = (await world.tokens.verifyRefresh(pair.refreshToken, new Date()))!;
        // The first 20 race for the rotation; the next 20 replay a token already spent.
        const racing = await Promise.all(Array.from({ length: 20 }, () => refresh(pair.refreshToken)));
        const replays = await Promise.all(Array.from({ length: 20 }, () => refresh(pair.refreshToken)));
        const handedOut = new Set<string>();
        for (const r of [...racing, ...replays]) {
          expect(r.ok, `round ${round}: ${r.ok ? '' : r.code}`).to.equal(true);
          if (r.ok) handedOut.add((await world.tokens.verifyRefresh(r.value.refreshToken, new Date()))!.jti);
        }
        expect([...handedOut], `round ${round}: one successor`).to.deep.equal(await liveJtis(sessionId));
        expect(handedOut.size).to.equal(1);

        // After the window the spent token is reuse, and the session goes.
        clock.offsetMs = 10_001;
        const late = await refresh(pair.refreshToken);
        clock.offsetMs = 0;
        expect(late.ok ? 'ok' : late.code).to.equal('refresh_reused');
        expect(await liveJtis(sessionId)).to.deep.equal([]);
      }
    });

    it('treats a replay of a token whose successor was rotated further as reuse', async () => {
      const world = createUseCasesForTest(db!, authSettings({ refreshReuseGraceSeconds: 10 }));
      const user = await world.givenUser('chain@example.com', 'the password');
      const refresh = (refreshToken: string) => world.useCases.refreshSession.execute({ refreshToken });
      const pair = await world.login(user.email, 'the password');
      const next = await refresh(pair.refreshToken);
      if (!next.ok) expect.fail(next.code);
      expect((await refresh(next.value.refreshToken)).ok).to.equal(true);
      const replay = await refresh(pair.refreshToken);
      expect(replay.ok ? 'ok' : replay.code).to.equal('refresh_reused');
      const { sessionId } = (await world.tokens.verifyRefresh(pair.refreshToken, new Date()))!;
      expect(await liveJtis(sessionId)).to.deep.equal([]);
    });
  });
}
