import type { MailboxMessage } from '@codex-auth/domain';
import { escapeHtml } from '../html.js';

/**
 * The page's own policy, stricter than the API's: no script from anywhere (an email's content is
 * shown, and must never run), the stylesheet from this origin only, no form, no frame, no plugin.
 */
export const MAILBOX_CSP =
  "default-src 'none'; style-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const MAILBOX_STYLESHEET_PATH = '/dev/mail/mail.css';

export const MAILBOX_STYLESHEET = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
header p{color:#555}
article{border-top:1px solid #ddd;padding:.75rem 0}
article h2{margin:.25rem 0;font-size:1.1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 .75rem;margin:.25rem 0;color:#444;font-size:.9rem}
dt{font-weight:600}dd{margin:0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.5 ui-monospace,monospace;background:#f6f6f8;padding:.75rem;border-radius:4px}
code{font:13px ui-monospace,monospace;background:#f3f3f5;padding:0 .25rem;border-radius:3px}
`;

// A URL ends at white space, a quote or an angle bracket; punctuation closing a sentence is not part of it.
const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/**
 * The plain text with every http(s) URL a link and everything else escaped: the email's text part
 * is data, never markup, whatever it holds.
 */
export function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    if (!isWebUrl(url)) continue;
    html += escapeHtml(text.slice(last, start));
    html += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

function isWebUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export interface MailboxPageOptions {
  /** How many messages the page shows at most (the newest). */
  readonly limit: number;
  /** `SMTP_URL` is set: new emails go to that server and do not appear here. */
  readonly smtpInUse: boolean;
  /** This server's origin as the browser reached it, for the example request. */
  readonly origin: string;
}

/** The development mailbox: every saved email, newest first, its text with clickable links. */
export function mailboxPage(messages: readonly MailboxMessage[], options: MailboxPageOptions): string {
  const notice = options.smtpInUse
    ? '<p><strong><code>SMTP_URL</code> is set</strong>: new emails go to that server, not here. Unset it to catch them on this page.</p>'
    : '';
  const body =
    messages.length === 0
      ? `<p>No email yet. Ask for one, e.g. a reset link: <code>curl -X POST -H 'Content-Type: application/json' -d '{"email":"you@example.com"}' ${escapeHtml(options.origin)}/api/v1/auth/forgot-password</code>, then reload this page (the worker sends within a few seconds).</p>`
      : messages.map(message).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Development mailbox</title>
<link rel="stylesheet" href="${MAILBOX_STYLESHEET_PATH}">
</head>
<body>
<header>
<h1>Development mailbox</h1>
<p>The emails saved under <code>DATA_DIR/mail</code> instead of being sent (no <code>SMTP_URL</code>), newest first, at most ${options.limit}. Reload to see new ones. This page exists only outside production.</p>
${notice}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

function message(m: MailboxMessage): string {
  return `<article id="${escapeHtml(m.id)}">
<h2>${escapeHtml(m.subject === '' ? '(no subject)' : m.subject)}</h2>
<dl>
<dt>To</dt><dd>${escapeHtml(m.to)}</dd>
<dt>From</dt><dd>${escapeHtml(m.from)}</dd>
<dt>Saved</dt><dd><time datetime="${m.savedAt.toISOString()}">${escapeHtml(m.savedAt.toISOString())}</time></dd>
</dl>
<pre>${linkify(m.text)}</pre>
</article>`;
}
