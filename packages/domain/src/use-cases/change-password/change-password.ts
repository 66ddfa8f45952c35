import type { DomainDependencies } from '../../dependencies.js';
import { attemptSubject } from '../../model/attempt-subject.js';
import type { Principal } from '../../model/principal.js';
import { User } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, tooManyAttempts, type Result } from '../../shared/result.js';
import { revokeUserSessions } from '../shared/revoke-sessions.js';

export interface ChangePasswordInput {
  readonly principal: Principal;
  readonly currentPassword: string;
  readonly newPassword: string;
}

export type ChangePasswordResult = Result<
  void,
  'invalid_credentials' | 'validation_failed' | 'unauthorized' | 'rate_limited'
>;

/** A logged-in user changes their password; every other session ends, the caller's is kept. */
export class ChangePassword {
  constructor(
    private readonly deps: Pick<
      DomainDependencies,
      'uow' | 'hasher' | 'clock' | 'events' | 'settings' | 'emails' | 'attempts'
    >,
  ) {}

  async execute(input: ChangePasswordInput): Promise<ChangePasswordResult> {
    const { uow, hasher, clock, events, settings, emails, attempts } = this.deps;
    const { userId, sessionId } = input.principal;
    // Whoever holds a stolen access token could otherwise guess the current password at will: the
    // wrong guesses count against the same per-account limit as failed logins.
    const subject = attemptSubject(input.principal.email, emails);
    const verdict = await attempts.check(subject);
    if (!verdict.allowed) {
      events.record({ name: 'password_change_rate_limited', userId, sessionId, reason: verdict.limit });
      return tooManyAttempts(verdict);
    }
    const user = await uow.run((scope) => scope.users.findById(userId));
    if (user === null) return fail('unauthorized', MESSAGES.unauthorized);
    if (!(await hasher.verify(user.passwordHash, input.currentPassword))) {
      await attempts.recordFailure(subject);
      events.record({ name: 'password_change_failed', userId, sessionId, reason: 'wrong_password' });
      return fail('invalid_credentials', MESSAGES.invalidCredentials);
    }
    const password = settings.passwordPolicy.check(input.newPassword, user.email, 'new_password');
    if (!password.ok) return password;
    const hash = await hasher.hash(password.value.reveal());

    const now = clock.now();
    await uow.run(async (scope) => {
      const fresh = (await scope.users.findByIdForUpdate(userId)) ?? user;
      // The caller's session stays, so no token cut-off: the other sessions are revoked one by one.
      await scope.users.update(User.setPassword(fresh, hash));
      await revokeUserSessions(scope, userId, now, sessionId);
    });
    events.record({ name: 'password_changed', userId, sessionId });
    return ok();
  }
}
