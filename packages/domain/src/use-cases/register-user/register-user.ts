import type { DomainDependencies } from '../../dependencies.js';
import { Email } from '../../model/email.js';
import { toUserView, type UserView } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, validationFailed, type FieldError, type Result } from '../../shared/result.js';
import { addAccount, emailTaken } from '../shared/account-email.js';

export interface RegisterUserInput {
  readonly email: string;
  readonly password: string;
}

export type RegisterUserResult = Result<
  UserView,
  'validation_failed' | 'email_taken' | 'registration_closed'
>;

/** Self-service sign-up: the account waits, `pending`, until an admin approves it. */
export class RegisterUser {
  constructor(
    private readonly deps: Pick<
      DomainDependencies,
      'uow' | 'hasher' | 'clock' | 'ids' | 'events' | 'settings' | 'emails'
    >,
  ) {}

  async execute(input: RegisterUserInput): Promise<RegisterUserResult> {
    const { uow, hasher, clock, ids, events, settings, emails } = this.deps;
    if (settings.registration === 'closed') return fail('registration_closed', MESSAGES.registrationClosed);

    const email = Email.parseCanonical(input.email, emails);
    const errors: FieldError[] = email.ok ? [] : [...(email.errors ?? [])];
    const password = settings.passwordPolicy.check(
      input.password,
      email.ok ? email.value.value : input.email,
    );
    if (!password.ok) errors.push(...(password.errors ?? []));
    if (!email.ok || !password.ok) return validationFailed(errors);

    const user = {
      id: ids.next(),
      email: email.value.value,
      passwordHash: await hasher.hash(password.value.reveal()),
      role: 'user' as const,
      status: 'pending' as const,
      createdAt: clock.now(),
      approvedAt: null,
      tokensValidAfter: null,
    };
    const outcome = await uow.run((scope) => addAccount(scope, emails, user));
    if (outcome !== 'added') return emailTaken();
    events.record({ name: 'register_ok', userId: user.id });
    return ok(toUserView(user));
  }
}
