import type { EmailCanonicalizer } from '../ports/email-canonicalizer.js';
import { fail, ok, type Failure, type Result } from '../shared/result.js';

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
// One @, no white space or control characters, a dotted domain whose labels neither start nor end
// with a hyphen or dot. Deliberately not RFC 5322 in full: quoted local parts and IP literals are
// legal but almost always mistakes in a sign-up form.
const SHAPE = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
// Characters that show nothing, or change how their neighbours show, so that two addresses that look
// the same can differ: controls, formats (zero-width joiners, bidi controls, soft hyphen), every
// default-ignorable code point (variation selectors, fillers, tags), private use, unpaired
// surrogates and unassigned code points (no one can tell what they will look like).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Default_Ignorable_Code_Point}]/u;

/** Trimmed and lower-cased, the form in which emails are stored and compared. */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** An email address that passed today's rules for new accounts. */
export class Email {
  private constructor(readonly value: string) {}

  /**
   * Trimmed, lower-cased and in Unicode NFC (so the composed and decomposed `é` are one address);
   * refuses invisible and control characters.
   */
  static parse(raw: string, field = 'email'): Result<Email, 'validation_failed'> {
    const value = normalizeEmail(raw).normalize('NFC');
    const problem = Email.problem(value);
    return problem === null ? ok(new Email(value)) : invalid(field, problem);
  }

  /**
   * The form a new account is stored under: `parse`, and the domain in its ASCII (IDNA) form, so
   * `ada@bücher.example` and `ada@xn--bcher-kva.example` are one address. The local part stays
   * Unicode: mail servers compare it as they like, and IDNA does not apply to it.
   */
  static parseCanonical(
    raw: string,
    emails: EmailCanonicalizer,
    field = 'email',
  ): Result<Email, 'validation_failed'> {
    const parsed = Email.parse(raw, field);
    if (!parsed.ok) return parsed;
    const { local, domain } = split(parsed.value.value);
    const ascii = emails.domainToAscii(domain);
    if (ascii === null || ascii === '') return invalid(field, 'is not a valid email address');
    const value = `${local}@${ascii}`;
    const problem = Email.problem(value);
    return problem === null ? ok(new Email(value)) : invalid(field, problem);
  }

  /**
   * The key under which lookalike addresses collide (NFKC, then the Unicode TR39 skeleton):
   * `аdmin@example.com` with a Cyrillic `а`, and `ａｄｍｉｎ@example.com`, share the key of
   * `admin@example.com`. The domain is compared in its Unicode form, where a Cyrillic `е` still looks
   * like a Latin one. Takes any stored address, also one today's rules would refuse, so existing
   * accounts get their key the same way (migration 0009).
   */
  static skeletonOf(address: string, emails: EmailCanonicalizer): string {
    // NFKC first: TR39's table leaves out most compatibility forms (fullwidth `ｍ`, ligatures,
    // superscripts), because its identifier profile expects them folded already.
    const value = address.trim().normalize('NFKC').toLowerCase().normalize('NFC');
    if (!value.includes('@')) return emails.skeleton(value);
    const { local, domain } = split(value);
    return emails.skeleton(`${local}@${emails.domainToUnicode(domain)}`);
  }

  private static problem(value: string): string | null {
    if (value.length === 0) return 'is required';
    if (value.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
    if (INVISIBLE.test(value)) return 'must not contain invisible or control characters';
    if (!SHAPE.test(value)) return 'is not a valid email address';
    const { local, domain } = split(value);
    const labels = domain.split('.');
    if (local.length > MAX_LOCAL_LENGTH) return 'is not a valid email address';
    if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
      return 'is not a valid email address';
    }
    if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
      return 'is not a valid email address';
    }
    return null;
  }

  skeleton(emails: EmailCanonicalizer): string {
    return Email.skeletonOf(this.value, emails);
  }

  toString(): string {
    return this.value;
  }
}

function split(value: string): { local: string; domain: string } {
  const at = value.lastIndexOf('@');
  return { local: value.slice(0, at), domain: value.slice(at + 1) };
}

function invalid(field: string, message: string): Failure<'validation_failed'> {
  return fail('validation_failed', `${field} ${message}`, [{ field, message }]);
}
