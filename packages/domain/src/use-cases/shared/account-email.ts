import { Email, normalizeEmail } from '../../model/email.js';
import type { DomainDependencies } from '../../dependencies.js';
import type { NewCredentials } from '../../model/credentials.js';
import { User, type NewAccount } from '../../model/user.js';
import type { EmailCanonicalizer } from '../../ports/email-canonicalizer.js';
import type { AddUserOutcome } from '../../ports/user-repository.js';
import type { TransactionScope } from '../../ports/unit-of-work.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Failure, type Result } from '../../shared/result.js';

/**
 * Adds a new account unless its email, or a lookalike of it, is taken. The repository settles both
 * atomically; the two clashes get one answer, so a lookalike reveals no more than a duplicate did.
 */
export async function addAccount(
  scope: TransactionScope,
  emails: EmailCanonicalizer,
  user: User,
): Promise<AddUserOutcome> {
  return scope.users.add(user, Email.skeletonOf(user.email, emails));
}

export function emailTaken(): Failure<'email_taken'> {
  return fail('email_taken', MESSAGES.emailTaken, [{ field: 'email', message: MESSAGES.emailTakenField }]);
}

/**
 * The account an address typed at login belongs to. Lenient, as login always was: the canonical
 * form (NFC, ASCII domain) finds accounts created since canonicalisation, the trimmed lower-cased
 * text as typed finds older rows stored otherwise. When the two differ both are looked up, found or
 * not, so the work done does not tell whether an account exists.
 */
export async function findAccountByEmail(
  scope: TransactionScope,
  emails: EmailCanonicalizer,
  raw: string,
): Promise<User | null> {
  const typed = normalizeEmail(raw);
  if (typed === '') return null;
  const canonical = Email.parseCanonical(raw, emails);
  const keys = canonical.ok && canonical.value.value !== typed ? [canonical.value.value, typed] : [typed];
  let found: User | null = null;
  for (const key of keys) {
    const user = await scope.users.findByEmail(key);
    found ??= user;
  }
  return found;
}

/**
 * A new account from checked credentials: the password hashed (before any transaction: hashing is
 * slow), the user made, and added unless the address or a lookalike is taken. Sign-up and an
 * admin's create differ only in the role and status they give.
 */
export async function openAccount(
  deps: Pick<DomainDependencies, 'uow' | 'hasher' | 'clock' | 'ids' | 'emails'>,
  credentials: NewCredentials,
  grant: Pick<NewAccount, 'role' | 'status' | 'locale'>,
): Promise<Result<User, 'email_taken'>> {
  const { uow, hasher, clock, ids, emails } = deps;
  const passwordHash = await hasher.hash(credentials.password.reveal());
  const user = User.create({
    id: ids.next(),
    email: credentials.email,
    passwordHash,
    ...grant,
    at: clock.now(),
  });
  const outcome = await uow.run((scope) => addAccount(scope, emails, user));
  return outcome === 'added' ? ok(user) : emailTaken();
}
