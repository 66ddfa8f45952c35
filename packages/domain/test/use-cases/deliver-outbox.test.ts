import { expect } from 'chai';
import {
  passwordResetLink,
  renderEmail,
  UNREADABLE_TOKEN,
  type OutboxJob,
  type PasswordResetEmail,
} from '@codex-auth/domain';
import { aUser, createTestWorld, RecordingMailer } from '@codex-auth/domain/testing';
import { expectOk } from '../helpers.js';
import { worldWithResetRequests } from './support/outbox.js';

/** One reset email, issued and sealed but not sent (its first send failed). */
async function worldWithSealedEmail() {
  const setup = await worldWithResetRequests(1);
  setup.mailer.failNext(1);
  expect(expectOk(await setup.deliver.execute()).retried).to.equal(1);
  setup.world.clock.advance(30_000);
  const job = () =>
    [...setup.world.db.tables.outbox.values()][0] as OutboxJob & { message: PasswordResetEmail };
  expect(job().message.sealedToken).to.be.a('string').and.not.equal('');
  return { ...setup, job, token: setup.world.randomTokens.generated[0]! };
}

describe('renderEmail', () => {
  const content = { to: 'a@b.co', token: 'tok+/=<x>', expiresAt: '2026-01-01T01:00:00.000Z' };
  const link = 'https://app.example/reset-password?token=tok%2B%2F%3D%3Cx%3E';

  it('builds the reset link on APP_BASE_URL, with a text and an escaped HTML part', () => {
    const email = renderEmail(content, { appBaseUrl: 'https://app.example/', productName: 'Codex' });
    expect(passwordResetLink('https://app.example/', 'tok+/=<x>')).to.equal(link);
    expect(email).to.include({ to: 'a@b.co', subject: 'Reset your Codex password' });
    expect(email.text).to.include(link).and.include('January 1, 2026 at 1:00 AM UTC');
    expect(email.html).to.include(`href="${link}"`).and.not.include('<x>');
    expect(email.html).to.include('<html lang="en">');
  });

  it('writes a plain-text part that reads on its own: the link alone on its line, product named', () => {
    const email = renderEmail(content, { appBaseUrl: 'https://app.example', productName: 'Acme ID' });
    expect(email.text).to.equal(
      [
        'Hello,',
        '',
        'Someone, hopefully you, asked to reset the password of your Acme ID account (a@b.co).',
        '',
        'To choose a new password, open this link:',
        '',
        link,
        '',
        'The link works once, until January 1, 2026 at 1:00 AM UTC.',
        '',
        'If it was not you, ignore this email: your password stays as it is.',
        '',
        '— Acme ID',
        '',
      ].join('\n'),
    );
    expect(email.text).to.not.match(/<[a-z]/i);
  });

  it('writes in Spanish for a Spanish account, and escapes the product name in the HTML part', () => {
    const email = renderEmail(
      { ...content, locale: 'es' },
      { appBaseUrl: 'https://app.example', productName: 'Acme <ID>' },
    );
    expect(email.subject).to.equal('Restablece tu contraseña de Acme <ID>');
    expect(email.text)
      .to.include('Hola:')
      .and.include('abre este enlace:\n\n' + link + '\n')
      .and.include('hasta el 1 de enero de 2026 a las 1:00 UTC')
      .and.include('Si no has sido tú, ignora este correo');
    expect(email.html)
      .to.include('<html lang="es">')
      .and.include(`<a href="${link}">Elegir una contraseña nueva</a>`)
      .and.include('Acme &lt;ID&gt;')
      .and.not.include('<ID>');
  });

  it('falls back to English for a locale it has no texts for', () => {
    const email = renderEmail(
      { ...content, locale: 'fr' as 'en' },
      { appBaseUrl: 'https://a.example', productName: 'X' },
    );
    expect(email.subject).to.equal('Reset your X password');
  });
});

describe('DeliverOutbox', () => {
  it("writes each email in its account's stored language", async () => {
    const world = createTestWorld();
    await world.given(
      aUser().withEmail('eva@example.com').withLocale('es').build(),
      aUser().withEmail('ann@example.com').build(),
    );
    for (const email of ['eva@example.com', 'ann@example.com'])
      expectOk(await world.useCases.requestPasswordReset.execute({ email }));
    const mailer = new RecordingMailer();
    expect(expectOk(await world.deliverOutbox(mailer).execute()).sent).to.equal(2);
    const subjects = Object.fromEntries(mailer.sent.map((m) => [m.to, m.subject]));
    expect(subjects).to.deep.equal({
      'eva@example.com': 'Restablece tu contraseña de Codex',
      'ann@example.com': 'Reset your Codex password',
    });
  });

  it('sends a job queued before accounts had a language in English', async () => {
    const { world, mailer, deliver, job } = await worldWithSealedEmail();
    const { type, to, sealedToken, expiresAt } = job().message;
    const legacy: PasswordResetEmail = { type, to, sealedToken, expiresAt };
    world.db.tables.outbox.set(job().id, { ...job(), message: legacy });
    mailer.failNext(0);
    expect(expectOk(await deliver.execute()).sent).to.equal(1);
    expect(mailer.sent.at(-1)?.subject).to.equal('Reset your Codex password');
  });

  it('sends every queued reset email once, marks it done and erases its token', async () => {
    const { world, users, mailer, deliver } = await worldWithResetRequests(3);
    expect(expectOk(await deliver.execute({ batchSize: 10 }))).to.deep.equal({
      claimed: 3,
      sent: 3,
      retried: 0,
      failed: 0,
      released: 0,
      skipped: 0,
    });
    expect(mailer.sent.map((m) => m.to)).to.have.members(users.map((u) => u.email));
    const tokens = world.randomTokens.generated;
    expect(mailer.sent.map((m) => m.text).join()).to.include(encodeURIComponent(tokens[0]!));
    expect(expectOk(await deliver.execute()).claimed, 'nothing left').to.equal(0);
    const stored = JSON.stringify([...world.db.tables.outbox.values()]);
    for (const t of tokens) expect(stored).to.not.include(t);
    expect(world.events.names().filter((n) => n === 'email_sent')).to.have.length(3);
    expect(JSON.stringify(world.events.events)).to.not.include(tokens[0]!);
  });

  it('retries a failing send with exponential backoff, then succeeds', async () => {
    const { world, mailer, deliver } = await worldWithResetRequests(1);
    mailer.failNext(2);
    expect(expectOk(await deliver.execute()).retried).to.equal(1);
    expect(expectOk(await deliver.execute()).claimed, 'not before the backoff').to.equal(0);
    world.clock.advance(30_000);
    expect(expectOk(await deliver.execute()).retried).to.equal(1);
    world.clock.advance(59_999);
    expect(expectOk(await deliver.execute()).claimed, 'the second wait is twice as long').to.equal(0);
    world.clock.advance(1);
    expect(expectOk(await deliver.execute()).sent).to.equal(1);
    expect(
      world.events.events.filter((e) => e.name === 'email_retry').map((e) => e.details?.retry_in_ms),
    ).to.deep.equal([30_000, 60_000]);
  });

  it('gives up after the last attempt, keeping the job as failed', async () => {
    const { world, mailer } = await worldWithResetRequests(1);
    const deliver = world.deliverOutbox(mailer, { maxAttempts: 3 });
    mailer.failNext(10, { message: '451 mailbox busy' });
    for (let i = 0; i < 3; i++) {
      await deliver.execute();
      world.clock.advance(3_600_000);
    }
    const [job] = [...world.db.tables.outbox.values()];
    expect(job).to.deep.include({ attempts: 3, lastError: '451 mailbox busy' });
    expect(job?.failedAt).to.not.equal(null);
    expect(world.events.last('email_failed')?.details).to.include({ attempts: 3, permanent: false });
    expect(expectOk(await deliver.execute()).claimed).to.equal(0);
  });

  it('fails at once on a permanent refusal', async () => {
    const { world, mailer, deliver } = await worldWithResetRequests(1);
    mailer.failNext(1, { permanent: true, message: '550 no such user' });
    expect(expectOk(await deliver.execute()).failed).to.equal(1);
    expect(world.events.last('email_failed')?.details).to.include({ permanent: true });
  });

  it('stops between jobs when asked, handing the rest back for the next claim', async () => {
    const { world, mailer, deliver } = await worldWithResetRequests(3);
    let calls = 0;
    const report = expectOk(await deliver.execute({ shouldStop: () => calls++ >= 1 }));
    expect(report).to.deep.include({ claimed: 3, sent: 1, released: 2 });
    const next = expectOk(await deliver.execute());
    expect(next).to.deep.include({ claimed: 2, sent: 2 });
    expect(mailer.sent).to.have.length(3);
    expect([...world.db.tables.outbox.values()].map((j) => j.attempts)).to.deep.equal([1, 1, 1]);
  });
});

describe('DeliverOutbox and sealed tokens', () => {
  it('opens the sealed token only to send it; the job keeps nothing once sent', async () => {
    const { world, mailer, deliver, job, token } = await worldWithSealedEmail();
    expect(JSON.stringify(job())).to.not.include(token);
    expect(
      await world.sealer.open(
        job().message.sealedToken,
        `password_reset_email:${job().id}:${job().message.to}`,
      ),
    ).to.equal(token);
    expect(expectOk(await deliver.execute()).sent).to.equal(1);
    expect(mailer.sent[0]?.text).to.include(encodeURIComponent(token));
    expect(job().message.sealedToken).to.equal('');
  });

  it('fails for good, saying why without any secret, when the key that sealed the token is gone', async () => {
    const { world, mailer, deliver, job, token } = await worldWithSealedEmail();
    const sealed = job().message.sealedToken;
    world.sealer.keyId = 'k2'; // SECRET_KEY changed while the email waited
    expect(expectOk(await deliver.execute())).to.deep.include({ claimed: 1, failed: 1, sent: 0, retried: 0 });
    expect(mailer.sent).to.have.length(0);
    expect(job()).to.deep.include({ lastError: UNREADABLE_TOKEN });
    expect(job().failedAt).to.not.equal(null);
    expect(job().message.sealedToken, 'erased').to.equal('');
    const failed = world.events.last('email_failed');
    expect(failed?.reason).to.equal(UNREADABLE_TOKEN);
    expect(failed?.details).to.include({ permanent: true });
    const logged = JSON.stringify(world.events.events);
    expect(logged).to.not.include(token).and.not.include(sealed);
  });

  it('fails for good when the sealed token was altered, or moved to another job or recipient', async () => {
    for (const tamper of [
      (m: PasswordResetEmail) => ({ ...m, sealedToken: `${m.sealedToken}0` }),
      (m: PasswordResetEmail) => ({ ...m, to: 'eve@example.com' }),
    ]) {
      const { world, mailer, deliver, job } = await worldWithSealedEmail();
      world.db.tables.outbox.set(job().id, { ...job(), message: tamper(job().message) });
      expect(expectOk(await deliver.execute())).to.deep.include({ failed: 1, sent: 0 });
      expect(mailer.sent).to.have.length(0);
      expect(job().lastError).to.equal(UNREADABLE_TOKEN);
    }
  });

  it('still delivers an email queued with a raw token by an older release, then erases it', async () => {
    const world = createTestWorld();
    const mailer = new RecordingMailer();
    const message = {
      type: 'password_reset_email',
      to: 'old@example.com',
      token: 'legacy-raw-token',
      expiresAt: '2026-01-01T01:00:00.000Z',
    } as const;
    await world.uow.run((s) =>
      s.outbox.enqueue({ id: world.ids.next(), createdAt: world.clock.now(), message }),
    );
    expect(expectOk(await world.deliverOutbox(mailer).execute()).sent).to.equal(1);
    expect(mailer.sent[0]?.text).to.include('token=legacy-raw-token');
    expect(JSON.stringify([...world.db.tables.outbox.values()])).to.not.include('legacy-raw-token');
  });
});
