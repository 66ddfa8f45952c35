import { fail, ok, type Result } from '../shared/result.js';

export const DEFAULT_PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase or generated password, short enough that hashing stays cheap. */
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * A plain-text password that meets the policy. It lives only for the request that carries it and
 * has no `toString`, so it cannot end up in a log line by accident.
 */
export class Password {
  private constructor(private readonly plain: string) {}

  reveal(): string {
    return this.plain;
  }

  toJSON(): string {
    return '[password]';
  }

  static fromTrusted(plain: string): Password {
    return new Password(plain);
  }
}

export class PasswordPolicy {
  readonly minLength: number;

  constructor(minLength: number = DEFAULT_PASSWORD_MIN_LENGTH) {
    if (!Number.isInteger(minLength) || minLength < 1 || minLength > PASSWORD_MAX_LENGTH) {
      throw new RangeError(`password minimum length must be an integer from 1 to ${PASSWORD_MAX_LENGTH}`);
    }
    this.minLength = minLength;
  }

  /** `email` is the account's, so that the password cannot simply repeat it. */
  check(plain: string, email: string, field = 'password'): Result<Password, 'validation_failed'> {
    // Counted in code points: an emoji is one character to the person typing it.
    const length = [...plain].length;
    let message: string | null = null;
    if (length < this.minLength) message = `must be at least ${this.minLength} characters`;
    else if (length > PASSWORD_MAX_LENGTH) message = `must be at most ${PASSWORD_MAX_LENGTH} characters`;
    else if (plain.trim().toLowerCase() === email.trim().toLowerCase())
      message = 'must not be the email address';
    if (message !== null) return fail('validation_failed', `${field} ${message}`, [{ field, message }]);
    return ok(Password.fromTrusted(plain));
  }
}
