import { domainToASCII } from 'node:url';
import { attemptSubject } from '@codex-auth/domain';

// The same IDNA as the Unicode adapter's canonicalizer: the URL parser's, '' meaning "no ASCII form".
const idna = { domainToAscii: (domain: string) => domainToASCII(domain) || null };

/** The per-email failure counter's key: the domain's `attemptSubject`, which folds every form of an address. */
export function emailSubject(raw: string): string {
  return attemptSubject(raw, idna);
}
