import type { OutgoingEmail } from '../../ports/mailer.js';

export interface EmailSettings {
  /** Where the web front end lives; links are built on it. */
  readonly appBaseUrl: string;
  readonly productName: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** The reset page of the front end, carrying the token in the query string. */
export function passwordResetLink(appBaseUrl: string, token: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/reset-password?token=${encodeURIComponent(token)}`;
}

/** A reset email's content, its token unsealed: it exists only in memory, for the send. */
export interface ResetEmailContent {
  readonly to: string;
  readonly token: string;
  /** ISO 8601. */
  readonly expiresAt: string;
}

/** A reset link as an email with a plain-text and an HTML part. */
export function renderEmail(message: ResetEmailContent, settings: EmailSettings): OutgoingEmail {
  const link = passwordResetLink(settings.appBaseUrl, message.token);
  const expires = new Date(message.expiresAt).toUTCString();
  const product = settings.productName;
  return {
    to: message.to,
    subject: `Reset your ${product} password`,
    text: [
      'Someone asked to reset the password of your account.',
      '',
      `To choose a new password, open this link (it works once, until ${expires}):`,
      link,
      '',
      'If it was not you, ignore this email: your password stays as it is.',
    ].join('\n'),
    html: [
      '<!doctype html><html><body>',
      '<p>Someone asked to reset the password of your account.</p>',
      `<p><a href="${escapeHtml(link)}">Choose a new password</a> (the link works once, until ${escapeHtml(expires)}).</p>`,
      '<p>If it was not you, ignore this email: your password stays as it is.</p>',
      '</body></html>',
    ].join(''),
  };
}
