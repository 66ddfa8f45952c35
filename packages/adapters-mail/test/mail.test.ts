import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevMailbox, PermanentMailError, SmtpMailer } from '@codex-auth/adapters-mail';
import { startSmtpServer } from '@codex-auth/adapters-mail/testing';

const EMAIL = {
  to: 'user@example.com',
  subject: 'Reset your Codex password',
  text: 'open https://app.example/reset-password?token=abc',
  html: '<p><a href="https://app.example/reset-password?token=abc">reset</a></p>',
};

describe('SmtpMailer', function () {
  this.timeout(20_000);

  it('delivers the email with a text and an HTML part', async () => {
    const server = await startSmtpServer();
    const mailer = new SmtpMailer({ url: server.url, from: 'Codex <no-reply@codex.test>' });
    try {
      await mailer.send(EMAIL);
      expect(server.received).to.have.length(1);
      const [mail] = server.received;
      expect(mail?.from).to.equal('no-reply@codex.test');
      expect(mail?.to).to.deep.equal(['user@example.com']);
      expect(mail?.raw)
        .to.include('Subject: Reset your Codex password')
        .and.include('text/plain')
        .and.include('text/html');
      expect(mail?.raw).to.include('reset-password?token=abc');
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('reports a 5xx refusal as permanent and a 4xx one as worth retrying', async () => {
    const server = await startSmtpServer({
      reply: (rcpt) =>
        rcpt.startsWith('gone')
          ? { code: 550, message: 'no such user' }
          : { code: 451, message: 'try later' },
    });
    const mailer = new SmtpMailer({ url: server.url, from: 'no-reply@codex.test' });
    try {
      const gone = await mailer.send({ ...EMAIL, to: 'gone@example.com' }).catch((e: unknown) => e);
      expect(gone).to.be.instanceOf(PermanentMailError);
      expect((gone as PermanentMailError).permanent).to.equal(true);
      expect((gone as Error).message).to.match(/^SMTP 550/);
      const busy = await mailer.send({ ...EMAIL, to: 'busy@example.com' }).catch((e: unknown) => e);
      expect(busy).to.be.instanceOf(Error).and.not.be.instanceOf(PermanentMailError);
      expect((busy as Error).message).to.match(/^SMTP 451/);
      expect((busy as Error).message).to.not.include('token=abc');
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('fails, retryably, when no server answers', async () => {
    const server = await startSmtpServer();
    const url = server.url;
    await server.close();
    const mailer = new SmtpMailer({ url, from: 'no-reply@codex.test', timeoutMs: 2000 });
    const error = await mailer.send(EMAIL).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error).and.not.be.instanceOf(PermanentMailError);
    mailer.close();
  });
});

describe('DevMailbox', () => {
  it('writes each email as a private .eml file and reports only its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'codex-mailbox-'));
    const saved: string[] = [];
    try {
      const mailbox = new DevMailbox({
        dir: join(dir, 'mail'),
        from: 'no-reply@codex.test',
        onSaved: (p) => saved.push(p),
      });
      await mailbox.send(EMAIL);
      await mailbox.send({ ...EMAIL, to: 'other@example.com' });
      const files = await readdir(join(dir, 'mail'));
      expect(files).to.have.length(2);
      expect(files.every((f) => f.endsWith('.eml'))).to.equal(true);
      expect(saved.map((p) => p.split('/').at(-1))).to.have.members(files);
      const first = await readFile(saved[0]!, 'utf8');
      expect(first).to.include('To: user@example.com').and.include('reset-password?token=abc');
      expect((await stat(saved[0]!)).mode & 0o777).to.equal(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
