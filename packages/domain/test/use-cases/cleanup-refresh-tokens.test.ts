import { expect } from 'chai';
import type { RefreshToken } from '@codex-auth/domain';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

describe('CleanupRefreshTokens', () => {
  async function withTokens() {
    const world = createTestWorld();
    const user = aUser().build();
    await world.given(user);
    await loginAs(world, user);
    const [session] = [...world.db.tables.sessions.values()];
    const now = world.clock.now().getTime();
    const day = 86_400_000;
    const token = (n: number, changes: Partial<RefreshToken>): RefreshToken => ({
      jti: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      sessionId: session!.id,
      userId: user.id,
      parentJti: null,
      createdAt: new Date(now - 30 * day),
      expiresAt: new Date(now + day),
      spentAt: null,
      replacedBy: null,
      revokedAt: null,
      ...changes,
    });
    await world.uow.run(async (s) => {
      for (let i = 0; i < 7; i++)
        await s.refreshTokens.add(token(i, { expiresAt: new Date(now - 10 * day) }));
      await s.refreshTokens.add(token(10, { expiresAt: new Date(now - 1 * day) }));
      for (let i = 20; i < 23; i++)
        await s.refreshTokens.add(token(i, { revokedAt: new Date(now - 20 * day) }));
      await s.refreshTokens.add(
        token(30, { createdAt: new Date(now - day), revokedAt: new Date(now - day) }),
      );
    });
    return world;
  }

  it('removes tokens expired before now − grace and revoked ones created before it, in batches', async () => {
    const world = await withTokens();
    const before = world.db.tables.refreshTokens.size;
    const batches: unknown[] = [];
    const out = expectOk(
      await world.useCases.cleanupRefreshTokens.execute({
        graceDays: 7,
        batchSize: 3,
        onProgress: (p) => batches.push(p),
      }),
    );
    expect(out).to.deep.equal({ removedExpired: 7, removedRevoked: 3 });
    expect(world.db.tables.refreshTokens.size).to.equal(before - 10);
    expect(batches.length, 'reported after each batch').to.be.greaterThan(3);
    expect(world.events.last('refresh_tokens_cleaned')?.details).to.include({
      removedExpired: 7,
      removedRevoked: 3,
    });
  });

  it('with grace 0 removes everything expired or revoked', async () => {
    const world = await withTokens();
    expect(expectOk(await world.useCases.cleanupRefreshTokens.execute({ graceDays: 0 }))).to.deep.equal({
      removedExpired: 8,
      removedRevoked: 4,
    });
  });

  it('refuses a negative or fractional grace and a bad batch size', async () => {
    const world = await withTokens();
    for (const input of [
      { graceDays: -1 },
      { graceDays: 1.5 },
      { graceDays: Number.NaN },
      { graceDays: 1, batchSize: 0 },
    ]) {
      expectFailure(await world.useCases.cleanupRefreshTokens.execute(input), 'validation_failed');
    }
  });
});
