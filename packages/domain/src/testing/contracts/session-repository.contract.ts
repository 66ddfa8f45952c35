import { same } from './check.js';
import { at, refreshToken, session, user, uuid } from './fixtures.js';
import { useSubject, type ContractRunner, type SubjectFactory } from './harness.js';

export function sessionRepositoryContract(runner: ContractRunner, factory: SubjectFactory): void {
  const { describe, it } = runner;
  describe('SessionRepository contract', () => {
    const { run, read } = useSubject(runner, factory);
    const owner = user(1);
    const other = user(2);
    const given = async () =>
      run(async (s) => {
        await s.users.add(owner);
        await s.users.add(other);
      });

    it('stores a session and reads every field back', async () => {
      await given();
      const a = session(1, owner.id);
      const b = session(2, owner.id, { userAgent: null, ip: null, revokedAt: at(9) });
      await run(async (s) => {
        await s.sessions.add(a);
        await s.sessions.add(b);
      });
      same(await run((s) => s.sessions.findById(a.id)), a, 'round trip');
      same(await run((s) => s.sessions.findById(b.id)), b, 'nulls and revocation survive');
      same(await run((s) => s.sessions.findById(uuid(77, 2))), null, 'unknown id is null');
    });

    it('reads a session with its owner in one call, also outside a transaction (read)', async () => {
      await given();
      const a = session(1, owner.id);
      const b = session(2, other.id, { revokedAt: at(9) });
      await run(async (s) => {
        await s.sessions.add(a);
        await s.sessions.add(b);
      });
      same(
        await read((s) => s.sessions.findWithUser(a.id)),
        { session: a, user: owner },
        'session and owner',
      );
      same(
        await read((s) => s.sessions.findWithUser(b.id)),
        { session: b, user: other },
        "a revoked session too: judging it is the caller's",
      );
      same(await read((s) => s.sessions.findWithUser(uuid(77, 2))), null, 'unknown id is null');
      same(await read((s) => s.sessions.findWithUser('not-a-uuid')), null, 'a malformed id is null');
      same(await run((s) => s.sessions.findWithUser(a.id)), { session: a, user: owner }, 'inside a unit too');
    });

    it('records a refresh with touch', async () => {
      await given();
      const a = session(1, owner.id);
      await run((s) => s.sessions.add(a));
      await run((s) => s.sessions.touch(a.id, at(500), at(99_999), { userAgent: 'curl/8', ip: '::1' }));
      same(
        await run((s) => s.sessions.findById(a.id)),
        { ...a, lastUsedAt: at(500), expiresAt: at(99_999), userAgent: 'curl/8', ip: '::1' },
        'last use, expiry and client updated',
      );
    });

    it("lists a user's live sessions newest first, leaving out revoked, expired and others'", async () => {
      await given();
      const older = session(1, owner.id, { createdAt: at(1) });
      const newer = session(2, owner.id, { createdAt: at(2) });
      const tieLow = session(3, owner.id, { createdAt: at(3) });
      const tieHigh = session(4, owner.id, { createdAt: at(3) });
      const revoked = session(5, owner.id, { revokedAt: at(4) });
      const expired = session(6, owner.id, { expiresAt: at(50) });
      const others = session(7, other.id);
      await run(async (s) => {
        for (const x of [older, newer, tieLow, tieHigh, revoked, expired, others]) await s.sessions.add(x);
      });
      const live = await run((s) => s.sessions.listLive(owner.id, at(100)));
      same(
        live.map((x) => x.id),
        [tieHigh.id, tieLow.id, newer.id, older.id],
        'newest first, id breaks ties',
      );
    });

    it('revokes one session once', async () => {
      await given();
      const a = session(1, owner.id);
      await run((s) => s.sessions.add(a));
      same(await run((s) => s.sessions.revoke(a.id, at(10))), true, 'first revocation');
      same(await run((s) => s.sessions.revoke(a.id, at(20))), false, 'second is a no-op');
      same((await run((s) => s.sessions.findById(a.id)))?.revokedAt, at(10), 'first time kept');
      same(await run((s) => s.sessions.revoke(uuid(404, 2), at(10))), false, 'unknown id');
    });

    it('deletes sessions ended before a cut-off, with their refresh tokens, in batches', async () => {
      await given();
      const expired = session(1, owner.id, { expiresAt: at(100) });
      const revoked = session(2, owner.id, { revokedAt: at(150) });
      const recent = session(3, owner.id, { revokedAt: at(900) });
      const live = session(4, other.id);
      await run(async (s) => {
        for (const x of [expired, revoked, recent, live]) await s.sessions.add(x);
        await s.refreshTokens.add(refreshToken(1, expired));
        await s.refreshTokens.add(refreshToken(2, live));
      });
      same(await run((s) => s.sessions.deleteEndedBefore(at(200), 1)), 1, 'batch of one');
      same(await run((s) => s.sessions.deleteEndedBefore(at(200), 10)), 1, 'then the other');
      same(await run((s) => s.sessions.deleteEndedBefore(at(200), 10)), 0, 'then none');
      const left = await run(async (s) =>
        Promise.all(
          [expired, revoked, recent, live].map(async (x) => (await s.sessions.findById(x.id)) !== null),
        ),
      );
      same(left, [false, false, true, true], 'recently revoked and live sessions stay');
      same(
        await run((s) => s.refreshTokens.findByJti(uuid(1, 3))),
        null,
        "the ended session's tokens go with it",
      );
      same(
        (await run((s) => s.refreshTokens.findByJti(uuid(2, 3))))?.jti,
        uuid(2, 3),
        "a live session's stay",
      );
    });

    it("revokes all of a user's sessions but one", async () => {
      await given();
      const keep = session(1, owner.id);
      const end1 = session(2, owner.id);
      const end2 = session(3, owner.id);
      const already = session(4, owner.id, { revokedAt: at(1) });
      const others = session(5, other.id);
      await run(async (s) => {
        for (const x of [keep, end1, end2, already, others]) await s.sessions.add(x);
      });
      same(
        await run((s) => s.sessions.revokeAllForUser(owner.id, at(30), keep.id)),
        2,
        'counts only newly revoked',
      );
      const state = await run(async (s) =>
        Promise.all(
          [keep, end1, end2, already, others].map(
            async (x) => (await s.sessions.findById(x.id))?.revokedAt ?? null,
          ),
        ),
      );
      same(state, [null, at(30), at(30), at(1), null], 'kept, revoked, untouched');
      same(
        await run((s) => s.sessions.revokeAllForUser(owner.id, at(40))),
        1,
        'without exception the kept one goes too',
      );
    });
  });
}
