import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileMailbox, FileMailer, PermanentMailError, SmtpMailer } from '@codex-auth/adapters-mail';
import { devMailboxContract } from '@codex-auth/domain/testing';
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

describe('FileMailer', () => {
  it('writes each email as a private .eml file and reports only its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'codex-mailbox-'));
    const saved: string[] = [];
    try {
      const mailbox = new FileMailer({
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

describe('FileMailbox', () => {
  const from = 'Codex Auth <no-reply@codex.test>';
  devMailboxContract({ describe, it, beforeEach, afterEach }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'codex-mailbox-'));
    const mail = join(dir, 'mail');
    return {
      mailer: new FileMailer({ dir: mail, from }),
      mailbox: new FileMailbox({ dir: mail }),
      from,
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  });

  it('reads only .eml files, and makes a text of an HTML-only message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'codex-mailbox-'));
    try {
      await mkdir(join(dir, 'mail'));
      await writeFile(join(dir, 'mail', 'notes.txt'), 'not an email');
      await writeFile(
        join(dir, 'mail', '2026-01-01T00-00-00-000Z-000001-00000000.eml'),
        [
          'From: a@example.com',
          'To: b@example.com',
          'Subject: =?UTF-8?Q?Caf=C3=A9?=',
          'Content-Type: text/html; charset=utf-8',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          '<p>Open <a href=3D"https://app.example/x?token=3Dabc">this</a></p>',
          '',
        ].join('\r\n'),
      );
      const messages = await new FileMailbox({ dir: join(dir, 'mail') }).list(10);
      expect(messages).to.have.length(1);
      expect(messages[0]).to.include({ subject: 'Café', from: 'a@example.com', to: 'b@example.com' });
      expect(messages[0]?.text).to.include('https://app.example/x?token=abc');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
