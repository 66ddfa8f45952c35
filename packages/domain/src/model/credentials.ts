import type { EmailCanonicalizer } from '../ports/email-canonicalizer.js';
import { ok, validationFailed, type FieldError, type Result } from '../shared/result.js';
import { Email } from './email.js';
import type { Password, PasswordPolicy } from './password.js';

/** The email and password of a new account, both meeting today's rules. */
export interface NewCredentials {
  readonly email: Email;
  readonly password: Password;
}

/**
 * Checks the credentials of a new account (sign-up, an admin creating one, the operator seeding an
 * admin): the email in its canonical form (NFC, ASCII domain), the password against the policy and
 * that canonical email (or the text as typed when the email is refused). Both fields' errors come
 * together, email first. Whether the address or a lookalike of it is taken needs the repository:
 * `addAccount` settles that when the account is added.
 */
export function checkNewCredentials(
  input: { readonly email: string; readonly password: string },
  policy: PasswordPolicy,
  emails: EmailCanonicalizer,
): Result<NewCredentials, 'validation_failed'> {
  const email = Email.parseCanonical(input.email, emails);
  const password = policy.check(input.password, email.ok ? email.value.value : input.email);
  if (email.ok && password.ok) return ok({ email: email.value, password: password.value });
  const errors: FieldError[] = [];
  if (!email.ok) errors.push(...(email.errors ?? []));
  if (!password.ok) errors.push(...(password.errors ?? []));
  return validationFailed(errors);
}
