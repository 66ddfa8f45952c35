import type { DomainDependencies } from '../../dependencies.js';
import { checkNewCredentials } from '../../model/credentials.js';
import { DEFAULT_LOCALE, isLocale, LOCALE_FIELD_MESSAGE } from '../../model/locale.js';
import { isRole, ROLE_FIELD_MESSAGE } from '../../model/role.js';
import { toUserView, type UserView } from '../../model/user.js';
import { ok, validationFailed, type FieldError, type Result } from '../../shared/result.js';
import { openAccount } from '../shared/account-email.js';

export interface CreateUserInput {
  readonly email: string;
  readonly password: string;
  /** `user` when absent. */
  readonly role?: unknown;
  /** The language of the account's emails; `DEFAULT_LOCALE` when absent. */
  readonly locale?: unknown;
}

export type CreateUserResult = Result<UserView, 'validation_failed' | 'email_taken'>;

/** An admin creates an account; it is approved at once, since an admin vouches for it. */
export class CreateUser {
  constructor(
    private readonly deps: Pick<
      DomainDependencies,
      'uow' | 'hasher' | 'clock' | 'ids' | 'events' | 'settings' | 'emails'
    >,
  ) {}

  async execute(input: CreateUserInput): Promise<CreateUserResult> {
    const { events, settings, emails } = this.deps;
    const credentials = checkNewCredentials(input, settings.passwordPolicy, emails);
    const errors: FieldError[] = credentials.ok ? [] : [...(credentials.errors ?? [])];
    const role = input.role ?? 'user';
    if (!isRole(role)) errors.push({ field: 'role', message: ROLE_FIELD_MESSAGE });
    const locale = input.locale ?? DEFAULT_LOCALE;
    if (!isLocale(locale)) errors.push({ field: 'locale', message: LOCALE_FIELD_MESSAGE });
    if (!credentials.ok || !isRole(role) || !isLocale(locale)) return validationFailed(errors);

    const opened = await openAccount(this.deps, credentials.value, { role, status: 'approved', locale });
    if (!opened.ok) return opened;
    const user = opened.value;
    events.record({ name: 'user_created', userId: user.id, details: { role } });
    return ok(toUserView(user));
  }
}
