import { expect } from 'chai';
import type { Application } from '@codex-auth/composition';
import {
  captureLogger,
  openApplication,
  openBackend,
  queueResetEmails,
  type Backend,
  type Env,
  type LogLine,
} from './support/backend.js';
import { resetTokenIn, startSmtpServer, type TestSmtpServer } from '@codex-auth/adapters-mail/testing';
import { databaseOf } from '@codex-auth/composition/testing';

/** The outbox rows as the database holds them: the message column as text, nothing parsed. */
async function rawRows(
  app: Application,
): Promise<{ id: string; message: string; last_error: string | null }[]> {
  return databaseOf(app)
    .knex('outbox')
    .select('id', 'last_error', databaseOf(app).knex.raw('message::text AS message'));
}

/** Makes every pending job due now, instead of after its retry backoff. */
async function dueNow(app: Application): Promise<void> {
  await databaseOf(app)
    .knex('outbox')
    .update({ next_attempt_at: new Date(Date.now() - 1000) });
}

async function deliverOnce(app: Application) {
  const result = await app.useCases.deliverOutbox.execute();
  if (!result.ok) throw new Error('delivery refused');
  return result.value;
}

describe('reset tokens in the outbox: sealed at rest, erased once sent', function () {
  this.timeout(60_000);
  let backend: Backend;
  let smtp: TestSmtpServer;
  let env: Env;
  let app: Application;
  let lines: LogLine[];

  before(async () => {
    backend = await openBackend('codex-sealed');
    smtp = await startSmtpServer();
    env = { ...backend.env, SMTP_URL: smtp.url };
    const captured = captureLogger();
    lines = captured.lines;
    app = await openApplication(env, captured.logger);
  });
  after(async () => {
    await app?.close();
    await smtp?.close();
    await backend?.dispose();
  });
  beforeEach(async () => {
    await databaseOf(app).knex.raw('TRUNCATE outbox, password_reset_tokens, users CASCADE');
    lines.length = 0;
  });

  /** One reset email issued but not sent: the mail server refused its first attempt. */
  async function waitingEmail(prefix: string): Promise<string> {
    const [email] = await queueResetEmails(app, 1, prefix);
    smtp.reset({ reply: (_rcpt, tries) => (tries < 1 ? { code: 451, message: 'try later' } : null) });
    expect(await deliverOnce(app)).to.deep.include({ claimed: 1, retried: 1, sent: 0 });
    return email!;
  }

  it('the row never holds the raw token: sealed while the email waits, erased once it is sent', async () => {
    const email = await waitingEmail('sealed');
    const [waiting] = await rawRows(app);
    const message = JSON.parse(waiting!.message) as Record<string, unknown>;
    expect(message).to.include({ type: 'password_reset_email', to: email });
    expect(message).to.not.have.property('token');
    expect(message['sealedToken']).to.be.a('string').with.length.greaterThan(40);

    await dueNow(app);
    expect(await deliverOnce(app)).to.deep.include({ sent: 1 });
    const token = resetTokenIn(smtp.received[0]!.raw);
    expect(waiting!.message, 'not in the waiting row').to.not.include(token);
    expect(waiting!.message).to.not.include(Buffer.from(token).toString('base64'));
    const [sent] = await rawRows(app);
    expect(sent!.message).to.not.include(token).and.not.include(String(message['sealedToken']));
    expect(JSON.parse(sent!.message)).to.include({ sealedToken: '' });
    // The emailed link is the live one.
    const reset = await app.useCases.resetPassword.execute({ token, password: 'a brand new password 2' });
    expect(reset.ok, JSON.stringify(reset)).to.equal(true);
    expect(JSON.stringify(lines)).to.not.include(token);
  });

  it('a tampered sealed token fails the job for good, saying why and leaking nothing', async () => {
    await waitingEmail('tampered');
    const [waiting] = await rawRows(app);
    const sealed = String((JSON.parse(waiting!.message) as Record<string, unknown>)['sealedToken']);
    const parts = sealed.split('.');
    parts[3] = `A${parts[3]!.slice(1)}` === parts[3] ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    await databaseOf(app)
      .knex('outbox')
      .update({
        message: databaseOf(app).knex.raw(`jsonb_set(message, '{sealedToken}', to_jsonb(?::text))`, [
          parts.join('.'),
        ]),
      });
    await dueNow(app);
    expect(await deliverOnce(app)).to.deep.include({ failed: 1, sent: 0, retried: 0 });
    expect(smtp.received, 'nothing sent').to.have.length(0);
    const [failed] = await rawRows(app);
    expect(failed!.last_error).to.match(/sealed reset token cannot be opened/);
    expect(failed!.message).to.not.include(sealed.slice(-20));
    expect(lines.find((l) => l.event === 'email_failed')).to.include({ permanent: true });
    expect(JSON.stringify(lines)).to.not.include(sealed).and.not.include(parts[3]!);
  });

  it('another SECRET_KEY cannot open what this one sealed: the job fails, it is not sent with garbage', async function () {
    if (backend.kind === 'embedded') {
      console.log(
        '      skipped: two applications cannot share the embedded database: set TEST_DATABASE_URL to run this',
      );
      this.skip();
    }
    await waitingEmail('rotated');
    await dueNow(app);
    const other = await openApplication({
      ...env,
      SECRET_KEY: 'a-different-secret-key-0123456789-abcdefghijklmnop',
    });
    try {
      expect(await deliverOnce(other)).to.deep.include({ failed: 1, sent: 0 });
    } finally {
      await other.close();
    }
    expect(smtp.received).to.have.length(0);
    const [failed] = await rawRows(app);
    expect(failed!.last_error).to.match(/sealed reset token cannot be opened/);
  });
});
