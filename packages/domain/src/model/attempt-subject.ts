import type { EmailCanonicalizer } from '../ports/email-canonicalizer.js';
import { normalizeEmail } from './email.js';

/**
 * The key an account's failed attempts are counted under. Login finds an account under every form
 * of its address (`bücher` or `xn--bcher-kva`, a composed or decomposed accent, fullwidth letters
 * in the domain): each must count against one limit, or typing the address another way would buy
 * fresh guesses. So: NFKC and lower case, then the domain in its ASCII form. Coarser than the
 * account lookup, never finer: lookalikes sharing a counter only makes the limit stricter.
 */
export function attemptSubject(raw: string, emails: Pick<EmailCanonicalizer, 'domainToAscii'>): string {
  const typed = normalizeEmail(raw).normalize('NFKC').toLowerCase();
  const at = typed.lastIndexOf('@');
  if (at < 0) return typed;
  const ascii = emails.domainToAscii(typed.slice(at + 1));
  return ascii === null || ascii === '' ? typed : `${typed.slice(0, at)}@${ascii}`;
}
