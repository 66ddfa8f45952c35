import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingEmail } from '@codex-auth/domain';
import nodemailer from 'nodemailer';

export interface DevMailboxOptions {
  /** `DATA_DIR/mail` by convention. */
  readonly dir: string;
  readonly from: string;
  /** Told the path of each saved message: log it, never the message (it holds a reset link). */
  readonly onSaved?: (path: string) => void;
}

/**
 * Development delivery: each email becomes an `.eml` file (open it in any mail client), so a reset
 * can be tried with no mail server. Files are private to the owner: they hold working links.
 */
export class DevMailbox implements Mailer {
  private readonly compose = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });

  constructor(private readonly options: DevMailboxOptions) {}

  async send(email: OutgoingEmail): Promise<void> {
    const info = await this.compose.sendMail({
      from: this.options.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    const path = join(this.options.dir, name);
    await writeFile(path, info.message as Buffer, { mode: 0o600, flag: 'wx' });
    this.options.onSaved?.(path);
  }
}
