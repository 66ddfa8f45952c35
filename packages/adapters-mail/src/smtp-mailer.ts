import type { Mailer, OutgoingEmail } from '@codex-auth/domain';
import nodemailer, { type Transporter } from 'nodemailer';

export interface SmtpMailerOptions {
  /** `SMTP_URL`: `smtp://user:pass@host:587` or `smtps://…:465`. */
  readonly url: string;
  /** `MAIL_FROM`, e.g. `Codex Auth <no-reply@example.com>`. */
  readonly from: string;
  /** Give up on a connection or a reply after this long, so a hung server cannot hold a job forever. */
  readonly timeoutMs?: number;
}

/** An SMTP refusal that retrying cannot fix (5xx: no such mailbox, relay denied, …). */
export class PermanentMailError extends Error {
  override name = 'PermanentMailError';
  readonly permanent = true;
}

/** Sends through an SMTP server with nodemailer. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    const timeout = options.timeoutMs ?? 30_000;
    this.transport = nodemailer.createTransport({
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      // The server's reply text is kept (it names the problem) but never the message we sent.
      const reason =
        typeof code === 'number'
          ? `SMTP ${code}: ${firstLine((error as Error).message)}`
          : firstLine(String((error as Error).message));
      if (typeof code === 'number' && code >= 500) throw new PermanentMailError(reason);
      throw new Error(reason);
    }
  }

  close(): void {
    this.transport.close();
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}
