import { expect } from 'chai';
import { aUser, createTestWorld } from '@codex-auth/domain/testing';
import { expectFailure, expectOk, loginAs } from '../helpers.js';

async function setup(settings: Parameters<typeof createTestWorld>[0] = {}) {
  const world = createTestWorld(settings);
  const user = aUser().build();
  await world.given(user);
  const pair = await loginAs(world, user);
  const refresh = (refreshToken: string, ua?: string) =>
    world.useCases.refreshSession.execute({ refreshToken, userAgent: ua ?? null, ip: '192.0.2.9' });
  return { world, user, pair, refresh };
}

type World = Awaited<ReturnType<typeof setup>>['world'];

/** The session's refresh tokens that could still be used: neither spent nor revoked. */
function liveTokens(world: World, sessionId: string) {
  return [...world.db.tables.refreshTokens.values()].filter(
    (t) => t.sessionId === sessionId && t.spentAt === null && t.revokedAt === null,
  );
}

async function jtiOf(world: World, pair: { refreshToken: string }): Promise<string> {
  return (await world.tokens.verifyRefresh(pair.refreshToken, world.clock.now()))!.jti;
}

describe('RefreshSession', () => {
  it('rotates: spends the token and issues a new pair in the same session', async () => {
    const { world, pair, refresh } = await setup();
    world.clock.advanceSeconds(60);
    const next = expectOk(await refresh(pair.refreshToken, 'new-agent'));
    const before = (await world.tokens.verifyRefresh(pair.refreshToken, world.clock.now()))!;
    const after = (await world.tokens.verifyRefresh(next.refreshToken, world.clock.now()))!;
    expect(after.sessionId).to.equal(before.sessionId);
    expect(after.jti).to.not.equal(before.jti);
    const old = await world.uow.run((s) => s.refreshTokens.findByJti(before.jti));
    expect(old?.spentAt).to.deep.equal(world.clock.now());
    expect(old?.replacedBy).to.equal(after.jti);
    const fresh = await world.uow.run((s) => s.refreshTokens.findByJti(after.jti));
    expect(fresh?.parentJti).to.equal(before.jti);
    const session = await world.uow.run((s) => s.sessions.findById(after.sessionId));
    expect(session).to.include({ userAgent: 'new-agent', ip: '192.0.2.9' });
    expect(session?.lastUsedAt).to.deep.equal(world.clock.now());
    expectOk(await world.useCases.authenticate.execute({ accessToken: next.accessToken }));
    expect(world.events.last('refresh_ok')?.reason).to.equal(undefined);
  });

  it('keeps rotating along the chain', async () => {
    const { pair, refresh } = await setup();
    let current = pair;
    for (let i = 0; i < 5; i++) current = expectOk(await refresh(current.refreshToken));
  });

  it('asks for a token when none is given, and refuses malformed or access tokens', async () => {
    const { pair, refresh } = await setup();
    const missing = await refresh('');
    expectFailure(missing, 'refresh_required');
    if (!missing.ok) expect(missing.message).to.equal('refresh token required');
    expectFailure(await refresh('garbage'), 'invalid_refresh');
    expectFailure(await refresh(pair.accessToken), 'invalid_refresh');
    expectFailure(await refresh(pair.refreshToken.slice(0, -2) + 'zz'), 'invalid_refresh');
  });

  it('refuses an expired refresh token as invalid', async () => {
    const { world, pair, refresh } = await setup();
    world.clock.advanceSeconds(7 * 86_400 + 1);
    expectFailure(await refresh(pair.refreshToken), 'invalid_refresh');
  });

  it("answers a spent token within the grace window with the winner's successor, not a new branch", async () => {
    const { world, pair, refresh } = await setup();
    const next = expectOk(await refresh(pair.refreshToken));
    world.clock.advanceSeconds(9);
    const again = expectOk(await refresh(pair.refreshToken, 'other-tab'));
    // The very token the rotation issued (HMAC-signed from the same stored claims), so the session
    // keeps one live refresh token; only the access token is new.
    expect(again.refreshToken).to.equal(next.refreshToken);
    expect(again.accessToken).to.not.equal(next.accessToken);
    expectOk(await world.useCases.authenticate.execute({ accessToken: again.accessToken }));
    expect(world.events.last('refresh_ok')?.reason).to.equal('grace_window');
    const sid = (await world.tokens.verifyRefresh(pair.refreshToken, world.clock.now()))!.sessionId;
    expect(liveTokens(world, sid).map((t) => t.jti)).to.deep.equal([await jtiOf(world, next)]);
    const session = await world.uow.run((s) => s.sessions.findById(sid));
    expect(session).to.include({ userAgent: 'other-tab' });
    expect(session?.lastUsedAt).to.deep.equal(world.clock.now());
    // The successor goes on rotating as usual.
    expectOk(await refresh(again.refreshToken));
  });

  it('treats a grace replay of a token whose successor was rotated further as reuse', async () => {
    const { world, pair, refresh } = await setup();
    const next = expectOk(await refresh(pair.refreshToken));
    world.clock.advanceSeconds(2);
    const third = expectOk(await refresh(next.refreshToken));
    world.clock.advanceSeconds(2);
    expectFailure(await refresh(pair.refreshToken), 'refresh_reused');
    expectFailure(await refresh(third.refreshToken), 'refresh_revoked');
  });

  it('answers a grace replay refresh_revoked when the successor was revoked', async () => {
    const { world, pair, refresh } = await setup();
    const next = expectOk(await refresh(pair.refreshToken));
    const jti = await jtiOf(world, next);
    const record = (await world.uow.run((s) => s.refreshTokens.findByJti(jti)))!;
    world.db.tables.refreshTokens.set(jti, { ...record, revokedAt: world.clock.now() });
    expectFailure(await refresh(pair.refreshToken), 'refresh_revoked');
  });

  it('treats a spent token after the grace window as reuse and revokes the whole session', async () => {
    const { world, user, pair, refresh } = await setup();
    const next = expectOk(await refresh(pair.refreshToken));
    world.clock.advanceSeconds(11);
    const reuse = await refresh(pair.refreshToken);
    expectFailure(reuse, 'refresh_reused');
    expect(world.events.last('refresh_reused')).to.include({ userId: user.id });
    // The thief's and the user's tokens of that session are all dead now.
    expectFailure(await refresh(next.refreshToken), 'refresh_revoked');
    expectFailure(
      await world.useCases.authenticate.execute({ accessToken: next.accessToken }),
      'unauthorized',
    );
  });

  it('has no grace at all when the window is 0', async () => {
    const { pair, refresh } = await setup({ refreshReuseGraceSeconds: 0 });
    expectOk(await refresh(pair.refreshToken));
    expectFailure(await refresh(pair.refreshToken), 'refresh_reused');
  });

  it('lets exactly one of 20 concurrent refreshes win the rotation; the others get its successor', async () => {
    const { world, pair, refresh } = await setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(pair.refreshToken)));
    expect(
      results.every((r) => r.ok),
      'racing tabs all get tokens within the grace window',
    ).to.equal(true);
    const handedOut = new Set(results.map((r) => (r.ok ? r.value.refreshToken : '')));
    expect(handedOut.size, 'one refresh token for all').to.equal(1);
    const claims = (await world.tokens.verifyRefresh(pair.refreshToken, world.clock.now()))!;
    const children = [...world.db.tables.refreshTokens.values()].filter((t) => t.parentJti === claims.jti);
    expect(children).to.have.length(1);
    const spent = await world.uow.run((s) => s.refreshTokens.findByJti(claims.jti));
    expect(spent?.replacedBy).to.equal(children[0]?.jti);
    expect(liveTokens(world, claims.sessionId)).to.have.length(1);
    expect(
      world.events.events.filter((e) => e.name === 'refresh_ok' && e.reason === undefined),
    ).to.have.length(1);
  });

  it('with no grace, concurrent refreshes leave one winner and the reuse revokes the session', async () => {
    const { world, pair, refresh } = await setup({ refreshReuseGraceSeconds: 0 });
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(pair.refreshToken)));
    expect(results.filter((r) => r.ok)).to.have.length(1);
    // The first loser finds reuse and revokes the session; later ones find it revoked already.
    const codes = results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.code));
    expect(codes[0]).to.equal('refresh_reused');
    expect(codes.slice(1).every((c) => c === 'refresh_revoked')).to.equal(true);
    const sid = (await world.tokens.verifyRefresh(pair.refreshToken, world.clock.now()))!.sessionId;
    expect((await world.uow.run((s) => s.sessions.findById(sid)))?.revokedAt).to.not.equal(null);
    expect(liveTokens(world, sid)).to.have.length(0);
  });

  it('with no grace, a loser that read the time before the winner did is reuse too', async () => {
    // On a busy machine a request that arrived first (and read the clock first) can lose the race
    // for the row: the winner's spend time is then later than the loser's own "now".
    const { world, pair, refresh } = await setup({ refreshReuseGraceSeconds: 0 });
    world.clock.advance(5);
    const winner = refresh(pair.refreshToken);
    world.clock.advance(-5);
    const loser = refresh(pair.refreshToken);
    const results = await Promise.all([winner, loser]);
    expectOk(results[0]!);
    expectFailure(results[1]!, 'refresh_reused');
    const sid = (await world.tokens.verifyRefresh(pair.refreshToken, world.clock.now()))!.sessionId;
    expect(liveTokens(world, sid)).to.have.length(0);
  });

  it('answers refresh_revoked after logout, session revocation, password change or reset', async () => {
    const { world, user, pair, refresh } = await setup();
    expectOk(await world.useCases.logout.execute({ refreshToken: pair.refreshToken }));
    const revoked = await refresh(pair.refreshToken);
    expectFailure(revoked, 'refresh_revoked');
    if (!revoked.ok) expect(revoked.message).to.equal('refresh revoked or expired');
    expect(world.events.last('refresh_revoked_or_expired')?.userId).to.equal(user.id);
  });

  it('answers refresh_revoked for a correctly signed token the server does not know', async () => {
    const { world, user, pair, refresh } = await setup();
    const claims = (await world.tokens.verifyRefresh(pair.refreshToken, world.clock.now()))!;
    const unknownJti = await world.tokens.signRefresh({
      ...claims,
      jti: '00000000-0000-4000-8000-0000000fffff',
    });
    expectFailure(await refresh(unknownJti), 'refresh_revoked');
    const crossed = await world.tokens.signRefresh({
      ...claims,
      sessionId: '00000000-0000-4000-8000-0000000eeeee',
    });
    expectFailure(await refresh(crossed), 'refresh_revoked');
    const ghost = await world.tokens.signRefresh({
      ...claims,
      userId: '00000000-0000-4000-8000-0000000ddddd',
    });
    expectFailure(await refresh(ghost), 'refresh_revoked');
    expect(user.id).to.be.a('string');
  });

  it('answers refresh_revoked when the stored token has expired or its session has', async () => {
    const { world, pair, refresh } = await setup();
    const claims = (await world.tokens.verifyRefresh(pair.refreshToken, world.clock.now()))!;
    const record = (await world.uow.run((s) => s.refreshTokens.findByJti(claims.jti)))!;
    world.db.tables.refreshTokens.set(record.jti, { ...record, expiresAt: world.clock.now() });
    expectFailure(await refresh(pair.refreshToken), 'refresh_revoked');
  });

  for (const [status, code] of [
    ['pending', 'account_pending'],
    ['rejected', 'account_rejected'],
    ['disabled', 'account_disabled'],
  ] as const) {
    it(`tells a ${status} user ${code}, even though their sessions were revoked`, async () => {
      const { world, user, pair, refresh } = await setup();
      if (status === 'rejected') expectOk(await world.useCases.rejectUser.execute({ id: user.id }));
      else if (status === 'disabled')
        expectOk(await world.useCases.updateUser.execute({ id: user.id, status }));
      else await world.uow.run((s) => s.users.update({ ...user, status }));
      expectFailure(await refresh(pair.refreshToken), code);
    });
  }
});
