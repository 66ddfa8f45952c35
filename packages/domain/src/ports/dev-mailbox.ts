/** One email the development mailbox holds, decoded: what a person reads, not its MIME. */
export interface MailboxMessage {
  /** Stable while the message exists (its file name, for the file mailbox). */
  readonly id: string;
  /** When it was saved. */
  readonly savedAt: Date;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  /** The plain-text part, decoded (quoted-printable, charsets); made from the HTML part if there is none. */
  readonly text: string;
}

/**
 * Reads back the emails the development mailer saved instead of sending them (no `SMTP_URL`),
 * for the development mailbox page. Exists only outside production: the composition hands it out
 * there alone, so no production process can read a mailbox of working reset links.
 */
export interface DevMailbox {
  /** The newest `limit` messages, newest first; none when nothing was ever saved. */
  list(limit: number): Promise<readonly MailboxMessage[]>;
}
