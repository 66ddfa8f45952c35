import type { DomainDependencies } from '../../dependencies.js';
import { Email } from '../../model/email.js';
import { isRole } from '../../model/role.js';
import { toUserView, type User, type UserView } from '../../model/user.js';
import { ok, validationFailed, type FieldError, type Result } from '../../shared/result.js';
import { addAccount, emailTaken } from '../shared/account-email.js';

export interface CreateUserInput {
  readonly email: string;
  readonly password: string;
  /** `user` when absent. */
  readonly role?: unknown;
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
    const { uow, hasher, clock, ids, events, settings, emails } = this.deps;
    const errors: FieldError[] = [];
    const email = Email.parseCanonical(input.email, emails);
    if (!email.ok) errors.push(...(email.errors ?? []));
    const password = settings.passwordPolicy.check(
      input.password,
      email.ok ? email.value.value : input.email,
    );
    if (!password.ok) errors.push(...(password.errors ?? []));
    const role = input.role ?? 'user';
    if (!isRole(role)) errors.push({ field: 'role', message: "must be 'admin' or 'user'" });
    if (!email.ok || !password.ok || !isRole(role)) return validationFailed(errors);

    const now = clock.now();
    const user: User = {
      id: ids.next(),
      email: email.value.value,
      passwordHash: await hasher.hash(password.value.reveal()),
      role,
      status: 'approved',
      createdAt: now,
      approvedAt: now,
      tokensValidAfter: null,
    };
    if ((await uow.run((scope) => addAccount(scope, emails, user))) !== 'added') return emailTaken();
    events.record({ name: 'user_created', userId: user.id, details: { role } });
    return ok(toUserView(user));
  }
}
