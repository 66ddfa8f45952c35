import type { DomainDependencies } from '../../dependencies.js';
import { normalizeEmail } from '../../model/email.js';
import { toUserView, User, type UserView } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { revokeUserSessions } from '../shared/revoke-sessions.js';

export interface SetPasswordInput {
  readonly email: string;
  readonly password: string;
}

export type SetPasswordResult = Result<UserView, 'not_found' | 'validation_failed'>;

/**
 * An operator sets a user's password (the CLI's `users set-password`). Like a reset, it ends every
 * session: whoever knew the old password is logged out.
 */
export class SetPassword {
  constructor(
    private readonly deps: Pick<DomainDependencies, 'uow' | 'hasher' | 'clock' | 'events' | 'settings'>,
  ) {}

  async execute(input: SetPasswordInput): Promise<SetPasswordResult> {
    const { uow, hasher, clock, events, settings } = this.deps;
    const email = normalizeEmail(input.email);
    const user = email === '' ? null : await uow.run((scope) => scope.users.findByEmail(email));
    if (user === null) return fail('not_found', MESSAGES.userNotFound);
    const password = settings.passwordPolicy.check(input.password, user.email);
    if (!password.ok) return password;
    const hash = await hasher.hash(password.value.reveal());
    const now = clock.now();
    const updated = await uow.run(async (scope) => {
      const fresh = await scope.users.findByIdForUpdate(user.id);
      if (fresh === null) return null;
      const next = User.setPassword(fresh, hash, { invalidateTokensAt: now });
      await scope.users.update(next);
      await revokeUserSessions(scope, fresh.id, now);
      return next;
    });
    if (updated === null) return fail('not_found', MESSAGES.userNotFound);
    events.record({ name: 'password_changed', userId: user.id, reason: 'set_by_operator' });
    return ok(toUserView(updated));
  }
}
