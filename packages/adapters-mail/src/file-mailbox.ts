import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DevMailbox, MailboxMessage } from '@codex-auth/domain';
import { simpleParser, type AddressObject } from 'mailparser';

export interface FileMailboxOptions {
  /** The directory `FileMailer` writes to: `DATA_DIR/mail`. */
  readonly dir: string;
}

/**
 * Reads back what `FileMailer` saved, for the development mailbox page. MIME is decoded by
 * mailparser (quoted-printable soft breaks, `=3D`, encoded-word subjects, charsets), so a person
 * sees the link as it was written, not as the transport wrapped it.
 */
export class FileMailbox implements DevMailbox {
  constructor(private readonly options: FileMailboxOptions) {}

  async list(limit: number): Promise<readonly MailboxMessage[]> {
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch (error) {
      // Nothing was ever sent: the mailer makes the directory on its first email.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // File names start with the save time (`messageFileName`), so the newest sort last.
    const newest = names
      .filter((name) => name.endsWith('.eml'))
      .sort()
      .reverse()
      .slice(0, Math.max(0, limit));
    const messages = await Promise.all(newest.map((name) => this.read(name)));
    return messages.filter((m): m is MailboxMessage => m !== null);
  }

  private async read(name: string): Promise<MailboxMessage | null> {
    const path = join(this.options.dir, name);
    let raw: Buffer;
    let savedAt: Date;
    try {
      [raw, savedAt] = await Promise.all([readFile(path), stat(path).then((s) => s.mtime)]);
    } catch (error) {
      // Deleted between the listing and the read (someone cleaned the mailbox): not an error.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    return {
      id: name,
      savedAt,
      from: addresses(parsed.from),
      to: addresses(parsed.to),
      subject: parsed.subject ?? '',
      // mailparser makes a text version of an HTML-only message itself (html-to-text).
      text: parsed.text ?? '',
    };
  }
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}
