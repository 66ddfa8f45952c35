import type { DomainDependencies } from '../../dependencies.js';
import { isResetTokenUsable } from '../../model/password-reset-token.js';
import { User } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { revokeUserSessions } from '../shared/revoke-sessions.js';

export interface ResetPasswordInput {
  readonly token: string;
  readonly password: string;
}

export type ResetPasswordResult = Result<void, 'invalid_token' | 'validation_failed'>;

/**
 * Sets a new password with a reset link's token. Unknown, spent and expired tokens share one answer.
 * A weak password is refused without spending the token, so the user can try again with the same
 * link. On success every session ends: whoever knew the old password is logged out.
 */
export class ResetPassword {
  constructor(
    private readonly deps: Pick<
      DomainDependencies,
      'uow' | 'hasher' | 'randomTokens' | 'clock' | 'events' | 'settings'
    >,
  ) {}

  async execute(input: ResetPasswordInput): Promise<ResetPasswordResult> {
    const { uow, hasher, randomTokens, clock, events, settings } = this.deps;
    const invalid = fail('invalid_token', MESSAGES.invalidToken);
    if (input.token === '') return invalid;
    const tokenHash = randomTokens.hash(input.token);

    const found = await uow.run(async (scope) => {
      const token = await scope.resetTokens.findByHash(tokenHash);
      if (token === null || !isResetTokenUsable(token, clock.now())) return null;
      const user = await scope.users.findById(token.userId);
      return user === null ? null : { token, user };
    });
    if (found === null) return invalid;

    const password = settings.passwordPolicy.check(input.password, found.user.email);
    if (!password.ok) return password;
    const hash = await hasher.hash(password.value.reveal());

    const now = clock.now();
    const done = await uow.run(async (scope) => {
      // Single use under concurrency: only one request turns the token from unused to used.
      if (!(await scope.resetTokens.markUsed(found.token.id, now))) return false;
      const user = await scope.users.findByIdForUpdate(found.user.id);
      if (user === null) return false;
      await scope.users.update(User.setPassword(user, hash, { invalidateTokensAt: now }));
      await scope.resetTokens.deleteForUser(user.id, found.token.id);
      await revokeUserSessions(scope, user.id, now);
      return true;
    });
    if (!done) return invalid;
    events.record({ name: 'password_reset_ok', userId: found.user.id });
    return ok();
  }
}
