import type { EmailCanonicalizer } from '@codex-auth/domain';
import { domainToASCII, domainToUnicode } from 'node:url';
import unhomoglyph from 'unhomoglyph';

/**
 * IDNA from Node's own WHATWG URL host parser (UTS #46, non-transitional, with the ICU data Node
 * ships), and the TR39 skeleton from `unhomoglyph`, whose table is Unicode's confusables.txt.
 */
export class UnicodeEmailCanonicalizer implements EmailCanonicalizer {
  domainToAscii(domain: string): string | null {
    // '' is how the URL parser says "not a host" (bad punycode, a forbidden code point, a broken
    // IPv4-looking name).
    const ascii = domainToASCII(domain);
    return ascii === '' ? null : ascii;
  }

  domainToUnicode(domain: string): string {
    const unicode = domainToUnicode(domain);
    return unicode === '' ? domain : unicode;
  }

  /**
   * TR39 section 4: NFD, each code point replaced by its prototype, NFD again. (TR39 also drops
   * default-ignorable code points; the domain refuses addresses that have any.)
   */
  skeleton(text: string): string {
    return unhomoglyph(text.normalize('NFD')).normalize('NFD');
  }
}
