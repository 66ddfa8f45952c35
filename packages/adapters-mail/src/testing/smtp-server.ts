import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  /** The envelope's sender (MAIL FROM), '' for a null sender. */
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
}

export interface SmtpServerOptions {
  /** The answer to a RCPT, given how many times that address was tried before; null accepts it. */
  readonly reply?: (rcpt: string, previousTries: number) => { code: number; message: string } | null;
  /** How long each message takes to be accepted: a slow server, to stop a worker mid-batch. */
  readonly delayMs?: number;
}

export interface TestSmtpServer {
  readonly url: string;
  readonly received: ReceivedEmail[];
  /** Forgets what was received and tried, and behaves as `options` say from now on. */
  reset(options?: SmtpServerOptions): void;
  close(): Promise<void>;
}

/** A real SMTP server on a free port of 127.0.0.1, recording what it accepts. */
export async function startSmtpServer(initial: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  let options = initial;
  const received: ReceivedEmail[] = [];
  const tries = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const previous = tries.get(address.address) ?? 0;
      tries.set(address.address, previous + 1);
      const answer = options.reply?.(address.address, previous) ?? null;
      if (answer === null) return callback();
      return callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const accept = () => {
          received.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString(),
          });
          callback();
        };
        if (options.delayMs === undefined) accept();
        else setTimeout(accept, options.delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    reset(next = {}) {
      options = next;
      received.length = 0;
      tries.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The reset token in an email's link; the body may be quoted-printable (soft line breaks, =3D). */
export function resetTokenIn(raw: string): string {
  const decoded = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const match = /\/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(decoded);
  if (match?.[1] === undefined) throw new Error('no reset link in the email');
  return decodeURIComponent(match[1]);
}

/** What a person reads in a received email: its MIME decoded by mailparser (the dev mailbox's parser). */
export interface ReadEmail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export async function readEmail(raw: string): Promise<ReadEmail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const text = (value: AddressObject | AddressObject[] | undefined) =>
    value === undefined ? '' : (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
  return {
    from: text(parsed.from),
    to: text(parsed.to),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
  };
}
