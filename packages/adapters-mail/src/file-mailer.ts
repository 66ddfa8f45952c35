import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingEmail } from '@codex-auth/domain';
import nodemailer from 'nodemailer';

export interface FileMailerOptions {
  /** `DATA_DIR/mail` by convention. */
  readonly dir: string;
  readonly from: string;
  /** Told the path of each saved message: log it, never the message (it holds a reset link). */
  readonly onSaved?: (path: string) => void;
}

// Saves within one millisecond still sort in the order they were made (`FileMailbox` lists by name).
let sequence = 0;

/**
 * Development delivery: each email becomes an `.eml` file (open it in any mail client, or on the
 * development mailbox page, `FileMailbox`), so a reset can be tried with no mail server. Files are
 * private to the owner: they hold working links.
 */
export class FileMailer implements Mailer {
  private readonly compose = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });

  constructor(private readonly options: FileMailerOptions) {}

  async send(email: OutgoingEmail): Promise<void> {
    const info = await this.compose.sendMail({
      from: this.options.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const path = join(this.options.dir, messageFileName(new Date()));
    await writeFile(path, info.message as Buffer, { mode: 0o600, flag: 'wx' });
    this.options.onSaved?.(path);
  }
}

/** `2026-01-02T03-04-05-678Z-000001-1a2b3c4d.eml`: sorts by time, then by order of saving. */
export function messageFileName(at: Date): string {
  sequence = (sequence + 1) % 1_000_000;
  const time = at.toISOString().replace(/[:.]/g, '-');
  return `${time}-${sequence.toString().padStart(6, '0')}-${randomBytes(4).toString('hex')}.eml`;
}
