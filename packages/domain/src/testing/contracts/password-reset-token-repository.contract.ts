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
