import type { PasswordResetToken } from '../../model/password-reset-token.js';
import { same } from './check.js';
import { at, user, uuid } from './fixtures.js';
import { useSubject, type ContractRunner, type SubjectFactory } from './harness.js';

function resetToken(
  n: number,
  userId: string,
  changes: Partial<PasswordResetToken> = {},
): PasswordResetToken {
  return {
    id: uuid(n, 4),
    userId,
    tokenHash: `digest-${n}`,
    createdAt: at(n),
    expiresAt: at(n + 3600),
    usedAt: null,
    ...changes,
  };
}

export function passwordResetTokenRepositoryContract(runner: ContractRunner, factory: SubjectFactory): void {
  const { describe, it } = runner;
  describe('PasswordResetTokenRepository contract', () => {
    const { run } = useSubject(runner, factory);
    const owner = user(1);
    const other = user(2);
    const given = async () =>
      run(async (s) => {
        await s.users.add(owner);
        await s.users.add(other);
      });

    it('stores a token and finds it by hash only', async () => {
      await given();
      const t = resetToken(1, owner.id);
      const used = resetToken(2, owner.id, { usedAt: at(9) });
      await run(async (s) => {
        await s.resetTokens.add(t);
        await s.resetTokens.add(used);
      });
      same(await run((s) => s.resetTokens.findByHash('digest-1')), t, 'round trip');
      same(await run((s) => s.resetTokens.findByHash('digest-2')), used, 'use time survives');
      same(await run((s) => s.resetTokens.findByHash('nope')), null, 'unknown hash is null');
    });

    it('marks a token used once, even under concurrency', async () => {
      await given();
      const t = resetToken(1, owner.id);
      await run((s) => s.resetTokens.add(t));
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => run((s) => s.resetTokens.markUsed(t.id, at(100 + i)))),
      );
      same(outcomes.filter(Boolean).length, 1, 'one use');
      same(await run((s) => s.resetTokens.markUsed(t.id, at(500))), false, 'later uses refused');
    });

    it("deletes a user's tokens but one, leaving others' alone", async () => {
      await given();
      const keep = resetToken(1, owner.id);
      const drop = resetToken(2, owner.id);
      const theirs = resetToken(3, other.id);
      await run(async (s) => {
        for (const t of [keep, drop, theirs]) await s.resetTokens.add(t);
      });
      same(await run((s) => s.resetTokens.deleteForUser(owner.id, keep.id)), 1, 'one deleted');
      const left = await run(async (s) =>
        Promise.all(
          [keep, drop, theirs].map(async (t) => (await s.resetTokens.findByHash(t.tokenHash)) !== null),
        ),
      );
      same(left, [true, false, true], 'kept, deleted, untouched');
      same(await run((s) => s.resetTokens.deleteForUser(owner.id)), 1, 'without exception all go');
    });

    it("revokes a user's unused tokens, keeping them to count, and counts by creation time", async () => {
      await given();
      const first = resetToken(1, owner.id, { createdAt: at(10) });
      const spent = resetToken(2, owner.id, { createdAt: at(20), usedAt: at(25) });
      const latest = resetToken(3, owner.id, { createdAt: at(30) });
      const theirs = resetToken(4, other.id, { createdAt: at(30) });
      await run(async (s) => {
        for (const t of [first, spent, latest, theirs]) await s.resetTokens.add(t);
      });
      same(await run((s) => s.resetTokens.revokeForUser(owner.id, at(40))), 2, 'the two unused ones');
      const after = await run(async (s) =>
        Promise.all([first, spent, latest, theirs].map((t) => s.resetTokens.findByHash(t.tokenHash))),
      );
      same(
        after.map((t) => t?.usedAt ?? null),
        [at(40), at(25), at(40), null],
        'revoked now, used time kept, others untouched',
      );
      same(await run((s) => s.resetTokens.revokeForUser(owner.id, at(50))), 0, 'nothing left to revoke');
      same(await run((s) => s.resetTokens.countCreatedSince(owner.id, at(0))), 3, 'revoked ones still count');
      same(
        await run((s) => s.resetTokens.countCreatedSince(owner.id, at(20))),
        2,
        'from `since` on, inclusive',
      );
      same(await run((s) => s.resetTokens.countCreatedSince(owner.id, at(31))), 0, 'none after');
      same(await run((s) => s.resetTokens.countCreatedSince(other.id, at(0))), 1, "another user's own count");
      same(await run((s) => s.resetTokens.countCreatedSince('not-a-uuid', at(0))), 0, 'unknown user: none');
    });

    it('cleans up tokens used or expired before a cut-off, in batches', async () => {
      await given();
      const usedOld = resetToken(1, owner.id, { usedAt: at(10) });
      const expiredOld = resetToken(2, owner.id, { expiresAt: at(20) });
      const live = resetToken(3, other.id, { expiresAt: at(10_000) });
      const usedRecently = resetToken(4, other.id, { usedAt: at(900) });
      await run(async (s) => {
        for (const t of [usedOld, expiredOld, live, usedRecently]) await s.resetTokens.add(t);
      });
      same(await run((s) => s.resetTokens.deleteFinishedBefore(at(100), 1)), 1, 'batch of one');
      same(await run((s) => s.resetTokens.deleteFinishedBefore(at(100), 10)), 1, 'the rest');
      same(await run((s) => s.resetTokens.findByHash(live.tokenHash)), live, 'live token kept');
      same(
        (await run((s) => s.resetTokens.findByHash(usedRecently.tokenHash)))?.id,
        usedRecently.id,
        'recent kept',
      );
    });
  });
}
