import { expect } from 'chai';
import { expectFailure, expectOk } from '../helpers.js';
import { jobs, requestLink, withUser } from './support/password-reset.js';

describe('RequestPasswordReset', () => {
  it('queues the same single job for every well-formed address, whoever owns it, and answers the same', async () => {
    for (const status of ['approved', 'pending', 'disabled'] as const) {
      const setup = await withUser(status);
      const { world, user } = setup;
      for (const email of [' Reset.Me@example.com ', 'nobody@example.com']) {
        expect(await world.useCases.requestPasswordReset.execute({ email })).to.deep.equal({
          ok: true,
          value: undefined,
        });
      }
      expect(jobs(setup).map((j) => j.message)).to.deep.equal([
        { type: 'password_reset_requested', email: user.email },
        { type: 'password_reset_requested', email: 'nobody@example.com' },
      ]);
      // Nothing about the account is looked at or made while the caller waits.
      expect(world.randomTokens.generated, status).to.have.length(0);
      expect(world.db.tables.resetTokens.size).to.equal(0);
      expect(world.events.names()).to.deep.equal(['password_reset_requested', 'password_reset_requested']);
      expect(world.events.events.some((e) => e.userId !== undefined)).to.equal(false);
    }
  });

  it('refuses a malformed email, queueing nothing', async () => {
    const setup = await withUser();
    expectFailure(
      await setup.world.useCases.requestPasswordReset.execute({ email: 'not an email' }),
      'validation_failed',
    );
    expect(jobs(setup)).to.have.length(0);
  });

  it('the worker issues an approved account a link, sealed while queued, raw only in the email', async () => {
    const setup = await withUser();
    const { world, user, mailer, deliver } = setup;
    expectOk(await world.useCases.requestPasswordReset.execute({ email: user.email }));
    mailer.failNext(1);
    expect(expectOk(await deliver.execute())).to.deep.include({ claimed: 1, retried: 1, sent: 0 });
    const token = world.randomTokens.generated.at(-1)!;
    const [queued] = jobs(setup);
    expect(queued?.message).to.deep.include({ type: 'password_reset_email', to: user.email });
    expect(JSON.stringify(queued), 'no raw token at rest').to.not.include(token);
    const stored = [...world.db.tables.resetTokens.values()];
    expect(stored).to.have.length(1);
    expect(stored[0]?.tokenHash).to.equal(world.randomTokens.hash(token)).and.not.equal(token);
    expect(stored[0]!.expiresAt.getTime() - world.clock.now().getTime()).to.equal(3600_000);
    expect(world.events.last('password_reset_issued')?.userId).to.equal(user.id);

    world.clock.advance(30_000);
    expect(expectOk(await deliver.execute()).sent).to.equal(1);
    expect(world.randomTokens.generated, 'the retry sends the same link').to.have.length(1);
    expect(mailer.sent.map((m) => m.to)).to.deep.equal([user.email]);
    expect(mailer.sent[0]?.text).to.include(`token=${encodeURIComponent(token)}`);
    expect(JSON.stringify(jobs(setup))).to.not.include(token);
    expect(JSON.stringify(world.events.events)).to.not.include(token);
    expectOk(await world.useCases.resetPassword.execute({ token, password: 'a brand new password' }));
  });

  it('pending, disabled and unknown accounts get nothing, silently', async () => {
    for (const status of ['pending', 'disabled'] as const) {
      const setup = await withUser(status);
      const { world, user, mailer, deliver } = setup;
      for (const email of [user.email, 'nobody@example.com']) {
        expectOk(await world.useCases.requestPasswordReset.execute({ email }));
      }
      expect(expectOk(await deliver.execute())).to.deep.include({
        claimed: 2,
        skipped: 2,
        sent: 0,
        failed: 0,
      });
      expect(mailer.sent).to.have.length(0);
      expect(world.db.tables.resetTokens.size).to.equal(0);
      expect(jobs(setup).every((j) => j.doneAt !== null)).to.equal(true);
      expect(world.events.last('password_reset_skipped')?.reason).to.equal('no_eligible_account');
    }
  });

  it('replaces the older live link with the new one', async () => {
    const setup = await withUser();
    const older = await requestLink(setup, 'reset.me@example.com');
    const newer = await requestLink(setup, 'reset.me@example.com');
    expectFailure(
      await setup.world.useCases.resetPassword.execute({ token: older, password: 'a brand new password' }),
      'invalid_token',
    );
    expectOk(
      await setup.world.useCases.resetPassword.execute({ token: newer, password: 'a brand new password' }),
    );
  });

  it('issues at most 3 links per account per hour; beyond, the answer is the same and nothing is sent', async () => {
    const setup = await withUser();
    const { world, user, mailer, deliver } = setup;
    const answers = [];
    for (let i = 0; i < 10; i++) {
      const email = i % 2 === 0 ? user.email : user.email.toUpperCase();
      answers.push(await world.useCases.requestPasswordReset.execute({ email }));
      expectOk(await deliver.execute());
      world.clock.advance(1000);
    }
    expect(answers.every((a) => JSON.stringify(a) === JSON.stringify({ ok: true }))).to.equal(true);
    expect(mailer.sent).to.have.length(3);
    expect(world.db.tables.resetTokens.size).to.equal(3);
    expect(world.events.events.filter((e) => e.reason === 'account_limit')).to.have.length(7);
    // The flood could not cancel the third link.
    const third = world.randomTokens.generated.at(-1)!;
    expect(world.randomTokens.generated).to.have.length(3);
    expectOk(await world.useCases.resetPassword.execute({ token: third, password: 'a brand new password' }));

    // An hour after the first link, the window has room again.
    world.clock.set(new Date(Date.parse('2026-01-01T01:00:00.000Z')));
    await requestLink(setup, user.email);
    expect(mailer.sent).to.have.length(4);
  });

  it('takes the limit from the settings, every window counting', async () => {
    const setup = await withUser('approved', {
      passwordResetLimits: [
        { max: 1, windowSeconds: 60 },
        { max: 2, windowSeconds: 86_400 },
      ],
    });
    const { world, user, mailer } = setup;
    await requestLink(setup, user.email);
    await requestLink(setup, user.email);
    expect(mailer.sent, 'one a minute').to.have.length(1);
    world.clock.advanceSeconds(61);
    await requestLink(setup, user.email);
    world.clock.advanceSeconds(61);
    await requestLink(setup, user.email);
    expect(mailer.sent, 'two a day').to.have.length(2);
    world.clock.advanceSeconds(86_400);
    await requestLink(setup, user.email);
    expect(mailer.sent).to.have.length(3);
  });
});
