/**
 * The Unicode knowledge an email address needs that plain JavaScript lacks: IDNA (UTS #46) for the
 * domain, and the confusable skeleton of Unicode TR39. Both rest on tables of Unicode data, which
 * the domain does not carry; an adapter brings them. See `Email.parseCanonical` and
 * `Email.skeletonOf` for how the domain uses them.
 */
export interface EmailCanonicalizer {
  /** A domain in its ASCII form (`bücher.example` → `xn--bcher-kva.example`); null when it has none. */
  domainToAscii(domain: string): string | null;
  /** The Unicode form of a domain (`xn--bcher-kva.example` → `bücher.example`); the input when it has none. */
  domainToUnicode(domain: string): string;
  /**
   * The TR39 skeleton of a text: two texts that look alike have the same skeleton (`раураl` and
   * `paypal`). A comparison key, not a text for people.
   */
  skeleton(text: string): string;
}
