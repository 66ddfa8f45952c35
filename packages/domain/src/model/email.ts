import { fail, ok, type Failure, type Result } from '../shared/result.js';

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
// One @, no white space or control characters, a dotted domain whose labels neither start nor end
// with a hyphen or dot. Deliberately not RFC 5322 in full: quoted local parts and IP literals are
// legal but almost always mistakes in a sign-up form.
const SHAPE = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

/** Trimmed and lower-cased, the form in which emails are stored and compared. */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** An email address that passed today's rules for new accounts. */
export class Email {
  private constructor(readonly value: string) {}

  static parse(raw: string, field = 'email'): Result<Email, 'validation_failed'> {
    const value = normalizeEmail(raw);
    const problem = Email.problem(value);
    return problem === null ? ok(new Email(value)) : invalid(field, problem);
  }

  private static problem(value: string): string | null {
    if (value.length === 0) return 'is required';
    if (value.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
    if (!SHAPE.test(value)) return 'is not a valid email address';
    const at = value.lastIndexOf('@');
    const local = value.slice(0, at);
    const labels = value.slice(at + 1).split('.');
    if (local.length > MAX_LOCAL_LENGTH) return 'is not a valid email address';
    if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
      return 'is not a valid email address';
    }
    if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
      return 'is not a valid email address';
    }
    return null;
  }

  toString(): string {
    return this.value;
  }
}

function invalid(field: string, message: string): Failure<'validation_failed'> {
  return fail('validation_failed', `${field} ${message}`, [{ field, message }]);
}
