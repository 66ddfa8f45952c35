import type { DomainDependencies } from '../../dependencies.js';
import { checkNewCredentials } from '../../model/credentials.js';
import { toUserView, User, type UserView } from '../../model/user.js';
import { ok, type Result } from '../../shared/result.js';
import { addAccount, emailTaken, findAccountByEmail } from '../shared/account-email.js';
import { revokeUserSessions } from '../shared/revoke-sessions.js';

export interface SeedAdminInput {
  readonly email: string;
  readonly password: string;
}

export interface SeedAdminOutput {
  readonly user: UserView;
  /** False when an existing account was promoted. */
  readonly created: boolean;
}

/** `email_taken`: no account has this address, but one has a lookalike of it. */
export type SeedAdminResult = Result<SeedAdminOutput, 'validation_failed' | 'email_taken'>;

/**
 * Creates an approved admin, or promotes the existing account with that email to one, and sets its
 * password. The password is always given by the operator: there is no default to forget to change.
 * Sessions opened with the old password end. An address that only looks like an existing account's
 * (a Cyrillic `а`, say) is refused rather than made a second, lookalike admin.
 */
export class SeedAdmin {
  constructor(
    private readonly deps: Pick<
      DomainDependencies,
      'uow' | 'hasher' | 'clock' | 'ids' | 'events' | 'settings' | 'emails'
    >,
  ) {}

  async execute(input: SeedAdminInput): Promise<SeedAdminResult> {
    const { uow, hasher, clock, ids, events, settings, emails } = this.deps;
    const credentials = checkNewCredentials(input, settings.passwordPolicy, emails);
    if (!credentials.ok) return credentials;
    const { email, password } = credentials.value;

    const passwordHash = await hasher.hash(password.reveal());
    const now = clock.now();
    const result = await uow.run(async (scope) => {
      // Leniently, as login finds it: an older account stored under another form of the address.
      const found = await findAccountByEmail(scope, emails, input.email);
      const existing = found === null ? null : await scope.users.findByIdForUpdate(found.id);
      if (existing !== null) {
        const admin = User.changeRole(User.approve(existing, now), 'admin');
        const promoted = User.setPassword(admin, passwordHash, { invalidateTokensAt: now });
        await scope.users.update(promoted);
        await revokeUserSessions(scope, existing.id, now);
        return { user: promoted, created: false };
      }
      const user = User.create({
        id: ids.next(),
        email,
        passwordHash,
        role: 'admin',
        status: 'approved',
        at: now,
      });
      const outcome = await addAccount(scope, emails, user);
      if (outcome === 'email_confusable') return null;
      // A concurrent seed of the same email lost the race to us or won it: either way one admin.
      if (outcome === 'email_taken') throw new Error('admin account was created concurrently');
      return { user, created: true };
    });
    if (result === null) return emailTaken();
    events.record({ name: 'admin_seeded', userId: result.user.id, details: { created: result.created } });
    return ok({ user: toUserView(result.user), created: result.created });
  }
}
