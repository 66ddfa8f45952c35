/**
 * What a language must say in a reset email. Each language is one file beside this one (`en.ts`,
 * `es.ts`), holding every sentence of the email; `renderEmail` only assembles and escapes them.
 */
export interface ResetEmailTexts {
  /** BCP 47 tag for `Intl` dates and the HTML part's `lang`. */
  readonly tag: string;
  subject(product: string): string;
  readonly greeting: string;
  /** Why this email came, naming the account so a forwarded email still says whose it is. */
  requested(product: string, email: string): string;
  /** Before the link in the plain-text part. */
  readonly openLink: string;
  /** The link's text in the HTML part. */
  readonly button: string;
  /** `expires` is already formatted for this language. */
  validity(expires: string): string;
  readonly notYou: string;
  signature(product: string): string;
}
