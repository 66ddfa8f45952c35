import { DEFAULT_LOCALE, isLocale, type Locale } from '../../model/locale.js';
import type { OutgoingEmail } from '../../ports/mailer.js';
import { RESET_EMAIL_TEXTS, type ResetEmailTexts } from './texts/index.js';

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
  /** The account's language; emails queued before accounts had one come in `DEFAULT_LOCALE`. */
  readonly locale?: Locale;
}

/** The expiry as a reader of that language writes a date, in UTC (said, since we know no zone). */
function formatExpiry(at: Date, texts: ResetEmailTexts): string {
  return new Intl.DateTimeFormat(texts.tag, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(at);
}

/**
 * A reset link as an email with a plain-text and an HTML part, in the account's language (texts in
 * `texts/<locale>.ts`). The plain-text part stands on its own: short lines, the link alone on its
 * line so a mail client makes it clickable and nothing sticks to it.
 */
export function renderEmail(message: ResetEmailContent, settings: EmailSettings): OutgoingEmail {
  const texts = RESET_EMAIL_TEXTS[isLocale(message.locale) ? message.locale : DEFAULT_LOCALE];
  const link = passwordResetLink(settings.appBaseUrl, message.token);
  const expires = formatExpiry(new Date(message.expiresAt), texts);
  const product = settings.productName;
  const h = escapeHtml;
  return {
    to: message.to,
    subject: texts.subject(product),
    text: [
      texts.greeting,
      '',
      texts.requested(product, message.to),
      '',
      texts.openLink,
      '',
      link,
      '',
      texts.validity(expires),
      '',
      texts.notYou,
      '',
      texts.signature(product),
      '',
    ].join('\n'),
    html: [
      `<!doctype html><html lang="${h(texts.tag)}"><head><meta charset="utf-8"><title>${h(texts.subject(product))}</title></head><body>`,
      `<p>${h(texts.greeting)}</p>`,
      `<p>${h(texts.requested(product, message.to))}</p>`,
      `<p><a href="${h(link)}">${h(texts.button)}</a></p>`,
      `<p>${h(texts.validity(expires))}</p>`,
      `<p>${h(texts.notYou)}</p>`,
      `<p>${h(texts.signature(product))}</p>`,
      '</body></html>',
    ].join(''),
  };
}
