import { expect } from 'chai';
import { RunCleanup } from '@codex-auth/domain';
import { aUser, createTestWorld, RecordingMailer } from '@codex-auth/domain/testing';
import { expectFailure, expectOk } from '../helpers.js';

const PASSWORD = 'correct horse battery staple';

/**
 * Two users, each with a delivered (so used) reset token and a finished outbox job; one logged
 * out (an ended session, a revoked refresh token), one still signed in. Then two days pass.
 */
async function worldWithSomethingToCleanUp() {
  const world = createTestWorld();
  const [a, b] = [aUser().build(), aUser().build()];
  await world.given(a, b);
  for (const u of [a, b]) expectOk(await world.useCases.requestPasswordReset.execute({ email: u.email }));
  expectOk(await world.deliverOutbox(new RecordingMailer()).execute());
  const pairA = expectOk(await world.useCases.login.execute({ email: a.email, password: PASSWORD }));
  expectOk(await world.useCases.login.execute({ email: b.email, password: PASSWORD }));
  expectOk(await world.useCases.logout.execute({ refreshToken: pairA.refreshToken }));
  world.clock.advance(2 * 86_400_000);
  const sizes = () => ({
    refreshTokens: world.db.tables.refreshTokens.size,
    sessions: world.db.tables.sessions.size,
    outbox: world.db.tables.outbox.size,
  });
  return { world, sizes };
}

describe('RunCleanup', () => {
  it('runs every clean-up step in turn and reports what each removed', async () => {
    const { world, sizes } = await worldWithSomethingToCleanUp();
    const before = sizes();
    const out = expectOk(await world.useCases.runCleanup.execute({ graceDays: 1 }));
    expect(out).to.deep.equal({
      stopped: false,
      removedExpired: 0,
      removedRevoked: 1,
      resetRemoved: 2,
      sessionsRemoved: 1,
      jobsRemoved: 2,
    });
    expect(sizes()).to.deep.equal({
      refreshTokens: before.refreshTokens - 1,
      sessions: before.sessions - 1,
      outbox: 0,
    });
    expect(world.events.last('refresh_tokens_cleaned')?.details).to.include({ grace_days: 1 });
  });

  it('keeps everything younger than the grace period', async () => {
    const { world, sizes } = await worldWithSomethingToCleanUp();
    const before = sizes();
    const out = expectOk(await world.useCases.runCleanup.execute({ graceDays: 30 }));
    expect(out).to.deep.include({ stopped: false, removedRevoked: 0, sessionsRemoved: 0, jobsRemoved: 0 });
    expect(sizes()).to.deep.equal(before);
  });

  it('stops between two steps when asked, leaving the later steps undone', async () => {
    const { world, sizes } = await worldWithSomethingToCleanUp();
    const before = sizes();
    let asked = 0;
    const out = expectOk(
      await new RunCleanup(world.deps).execute({ graceDays: 1, shouldStop: () => ++asked > 2 }),
    );
    expect(out).to.deep.equal({ stopped: true });
    expect(asked, 'after each refresh-token batch, then after the step').to.equal(3);
    expect(sizes()).to.deep.include({ sessions: before.sessions, outbox: before.outbox });
  });

  it('ends in the middle of the refresh-token step when asked, deleting nothing after it', async () => {
    const { world, sizes } = await worldWithSomethingToCleanUp();
    const before = sizes();
    const out = expectOk(await world.useCases.runCleanup.execute({ graceDays: 1, shouldStop: () => true }));
    expect(out).to.deep.equal({ stopped: true });
    expect(sizes()).to.deep.equal(before);
    expect(world.events.last('refresh_tokens_cleaned')).to.equal(undefined);
  });

  it('refuses a bad grace period, saying which step refused, and deletes nothing', async () => {
    const { world, sizes } = await worldWithSomethingToCleanUp();
    const before = sizes();
    const result = await world.useCases.runCleanup.execute({ graceDays: -1 });
    expectFailure(result, 'validation_failed');
    if (!result.ok) expect(result.message).to.match(/^refresh-token cleanup refused: /);
    expect(sizes()).to.deep.equal(before);
  });
});
