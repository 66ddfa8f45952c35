import type { DomainDependencies } from '../../dependencies.js';
import { checkNewCredentials } from '../../model/credentials.js';
import { DEFAULT_LOCALE, isLocale, LOCALE_FIELD_MESSAGE } from '../../model/locale.js';
import { toUserView, type UserView } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, validationFailed, type FieldError, type Result } from '../../shared/result.js';
import { openAccount } from '../shared/account-email.js';

export interface RegisterUserInput {
  readonly email: string;
  readonly password: string;
  /** The language of the account's emails; `DEFAULT_LOCALE` when absent. */
  readonly locale?: unknown;
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
    const { events, settings, emails } = this.deps;
    if (settings.registration === 'closed') return fail('registration_closed', MESSAGES.registrationClosed);

    const credentials = checkNewCredentials(input, settings.passwordPolicy, emails);
    const errors: FieldError[] = credentials.ok ? [] : [...(credentials.errors ?? [])];
    const locale = input.locale ?? DEFAULT_LOCALE;
    if (!isLocale(locale)) errors.push({ field: 'locale', message: LOCALE_FIELD_MESSAGE });
    if (!credentials.ok || !isLocale(locale)) return validationFailed(errors);
    const opened = await openAccount(this.deps, credentials.value, {
      role: 'user',
      status: 'pending',
      locale,
    });
    if (!opened.ok) return opened;
    const user = opened.value;
    events.record({ name: 'register_ok', userId: user.id });
    return ok(toUserView(user));
  }
}
