import { same } from './check.js';
import { at, refreshToken, session, user, uuid } from './fixtures.js';
import { useSubject, type ContractRunner, type SubjectFactory } from './harness.js';

export function refreshTokenRepositoryContract(runner: ContractRunner, factory: SubjectFactory): void {
  const { describe, it } = runner;
  describe('RefreshTokenRepository contract', () => {
    const { run, read } = useSubject(runner, factory);
    const owner = user(1);
    const s1 = session(1, owner.id);
    const s2 = session(2, owner.id);
    const given = async () =>
      run(async (s) => {
        await s.users.add(owner);
        await s.sessions.add(s1);
        await s.sessions.add(s2);
      });

    it('stores a token and reads every field back', async () => {
      await given();
      const first = refreshToken(1, s1);
      const child = refreshToken(2, s1, {
        parentJti: first.jti,
        spentAt: at(5),
        replacedBy: uuid(9, 3),
        revokedAt: at(6),
      });
      await run(async (s) => {
        await s.refreshTokens.add(first);
        await s.refreshTokens.add(child);
      });
      same(await run((s) => s.refreshTokens.findByJti(first.jti)), first, 'round trip');
      same(
        await run((s) => s.refreshTokens.findByJti(child.jti)),
        child,
        'parent, spend and revocation survive',
      );
      same(await run((s) => s.refreshTokens.findByJti(uuid(404, 3))), null, 'unknown jti is null');
    });

    it('spends a token once, recording its successor', async () => {
      await given();
      const t = refreshToken(1, s1);
      await run((s) => s.refreshTokens.add(t));
      same(await run((s) => s.refreshTokens.markSpent(t.jti, at(10), uuid(2, 3))), true, 'first spend wins');
      same(await run((s) => s.refreshTokens.markSpent(t.jti, at(11), uuid(3, 3))), false, 'second loses');
      const stored = await run((s) => s.refreshTokens.findByJti(t.jti));
      same([stored?.spentAt, stored?.replacedBy], [at(10), uuid(2, 3)], 'the winner is recorded');
    });

    it('does not spend a revoked token', async () => {
      await given();
      const t = refreshToken(1, s1, { revokedAt: at(3) });
      await run((s) => s.refreshTokens.add(t));
      same(
        await run((s) => s.refreshTokens.markSpent(t.jti, at(10), uuid(2, 3))),
        false,
        'revoked cannot be spent',
      );
    });

    it('lets exactly one of 20 concurrent spends win', async () => {
      await given();
      const t = refreshToken(1, s1);
      await run((s) => s.refreshTokens.add(t));
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          run((s) => s.refreshTokens.markSpent(t.jti, at(10), uuid(100 + i, 3))),
        ),
      );
      same(outcomes.filter(Boolean).length, 1, 'one winner');
      const winner = outcomes.indexOf(true);
      same(
        (await run((s) => s.refreshTokens.findByJti(t.jti)))?.replacedBy,
        uuid(100 + winner, 3),
        "winner's successor kept",
      );
    });

    it('rotates once: the spend and its successor together, or neither', async () => {
      await given();
      const t = refreshToken(1, s1);
      await run((s) => s.refreshTokens.add(t));
      const next = refreshToken(2, s1, { parentJti: t.jti, createdAt: at(10) });
      const rival = refreshToken(3, s1, { parentJti: t.jti, createdAt: at(11) });
      same(await run((s) => s.refreshTokens.rotate(t.jti, at(10), next)), true, 'first rotation wins');
      same(await run((s) => s.refreshTokens.rotate(t.jti, at(11), rival)), false, 'second loses');
      same(await run((s) => s.refreshTokens.findByJti(next.jti)), next, 'the successor is stored');
      same(await run((s) => s.refreshTokens.findByJti(rival.jti)), null, "the loser's is not");
      const spent = await run((s) => s.refreshTokens.findByJti(t.jti));
      same([spent?.spentAt, spent?.replacedBy], [at(10), next.jti], 'the spend names the successor');
      const revoked = refreshToken(4, s1, { revokedAt: at(3) });
      await run((s) => s.refreshTokens.add(revoked));
      const orphan = refreshToken(5, s1, { parentJti: revoked.jti });
      same(
        await run((s) => s.refreshTokens.rotate(revoked.jti, at(12), orphan)),
        false,
        'revoked: no rotation',
      );
      same(await run((s) => s.refreshTokens.findByJti(orphan.jti)), null, 'and no successor');
      same(await run((s) => s.refreshTokens.rotate(uuid(404, 3), at(12), orphan)), false, 'unknown jti');
    });

    it('lets exactly one of 20 concurrent rotations win, storing one successor', async () => {
      await given();
      const t = refreshToken(1, s1);
      await run((s) => s.refreshTokens.add(t));
      const successors = Array.from({ length: 20 }, (_, i) =>
        refreshToken(100 + i, s1, { parentJti: t.jti }),
      );
      const outcomes = await Promise.all(
        successors.map((next) => run((s) => s.refreshTokens.rotate(t.jti, at(10), next))),
      );
      same(outcomes.filter(Boolean).length, 1, 'one winner');
      const stored = await run((s) => Promise.all(successors.map((n) => s.refreshTokens.findByJti(n.jti))));
      same(
        stored.map((x) => x !== null),
        outcomes,
        "only the winner's successor is stored",
      );
      same(
        (await run((s) => s.refreshTokens.findByJti(t.jti)))?.replacedBy,
        successors[outcomes.indexOf(true)]!.jti,
        'and named',
      );
    });

    it('reads what a rotation judges: the user, token and session, each on its own', async () => {
      await given();
      const t = refreshToken(1, s1, { spentAt: at(5), replacedBy: uuid(9, 3) });
      await run((s) => s.refreshTokens.add(t));
      const claims = { userId: owner.id, jti: t.jti, sessionId: s1.id };
      same(
        await read((s) => s.refreshTokens.findForRotation(claims)),
        { user: owner, token: t, session: s1 },
        'all three',
      );
      same(
        await run((s) => s.refreshTokens.findForRotation({ ...claims, sessionId: s2.id })),
        { user: owner, token: t, session: s2 },
        "not required to belong together: judging that is the caller's",
      );
      same(
        await run((s) => s.refreshTokens.findForRotation({ ...claims, jti: uuid(404, 3) })),
        { user: owner, token: null, session: s1 },
        'unknown token',
      );
      same(
        await run((s) =>
          s.refreshTokens.findForRotation({ userId: uuid(404, 1), jti: t.jti, sessionId: 'x' }),
        ),
        { user: null, token: t, session: null },
        'unknown user, malformed session id',
      );
    });

    it('revokes by session and by user, sparing one session', async () => {
      await given();
      const a = refreshToken(1, s1);
      const b = refreshToken(2, s1, { revokedAt: at(1) });
      const c = refreshToken(3, s2);
      await run(async (s) => {
        for (const t of [a, b, c]) await s.refreshTokens.add(t);
      });
      same(
        await run((s) => s.refreshTokens.revokeForSession(s1.id, at(20))),
        1,
        'only unrevoked tokens count',
      );
      same((await run((s) => s.refreshTokens.findByJti(b.jti)))?.revokedAt, at(1), 'earlier revocation kept');
      same(
        await run((s) => s.refreshTokens.revokeForUser(owner.id, at(30), s2.id)),
        0,
        'spared session untouched',
      );
      same(
        await run((s) => s.refreshTokens.revokeForUser(owner.id, at(30))),
        1,
        "user's other token revoked",
      );
      same((await run((s) => s.refreshTokens.findByJti(c.jti)))?.revokedAt, at(30), 'revocation time');
    });

    it('deletes expired tokens, then revoked ones, in limited batches', async () => {
      await given();
      const expired = [1, 2, 3].map((n) => refreshToken(n, s1, { expiresAt: at(100 + n) }));
      const fresh = refreshToken(4, s1, { expiresAt: at(10_000) });
      const revokedOld = refreshToken(5, s2, { createdAt: at(50), expiresAt: at(10_000), revokedAt: at(60) });
      const revokedNew = refreshToken(6, s2, {
        createdAt: at(500),
        expiresAt: at(10_000),
        revokedAt: at(600),
      });
      await run(async (s) => {
        for (const t of [...expired, fresh, revokedOld, revokedNew]) await s.refreshTokens.add(t);
      });
      const cutoff = at(200);
      same(await run((s) => s.refreshTokens.deleteExpiredBefore(cutoff, 2)), 2, 'first batch is capped');
      same(
        await run((s) => s.refreshTokens.deleteExpiredBefore(cutoff, 2)),
        1,
        'second batch takes the rest',
      );
      same(await run((s) => s.refreshTokens.deleteExpiredBefore(cutoff, 2)), 0, 'then nothing');
      same(await run((s) => s.refreshTokens.deleteRevokedCreatedBefore(cutoff, 10)), 1, 'old revoked token');
      const left = await run(async (s) =>
        Promise.all(
          [fresh, revokedOld, revokedNew].map(async (t) => (await s.refreshTokens.findByJti(t.jti)) !== null),
        ),
      );
      same(left, [true, false, true], 'live and recently revoked tokens stay');
    });

    it("keeps a child's record when its parent is cleaned up", async () => {
      await given();
      const parent = refreshToken(1, s1, { expiresAt: at(100) });
      const child = refreshToken(2, s1, { parentJti: parent.jti, expiresAt: at(10_000) });
      await run(async (s) => {
        await s.refreshTokens.add(parent);
        await s.refreshTokens.add(child);
      });
      same(await run((s) => s.refreshTokens.deleteExpiredBefore(at(200), 10)), 1, 'parent removed');
      same(
        await run((s) => s.refreshTokens.findByJti(child.jti)),
        { ...child, parentJti: null },
        'child remains, unlinked',
      );
    });
  });
}
