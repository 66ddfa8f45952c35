import type { DomainDependencies } from '../../dependencies.js';
import { Email } from '../../model/email.js';
import { ok, type Result } from '../../shared/result.js';
import { findAccountByEmail } from '../shared/account-email.js';
import { addSeconds } from '../shared/issue-tokens.js';

export interface RequestPasswordResetInput {
  readonly email: string;
}

export type RequestPasswordResetResult = Result<void, 'validation_failed'>;

/**
 * Emails a single-use reset link to an approved account. The answer is the same whether or not the
 * email belongs to anyone, so the endpoint reveals nothing; the link leaves only through the outbox
 * (by email), never in the answer. A new request replaces the user's older live links.
 *
 * Pending, rejected and disabled accounts get no link: resetting could not let them log in, and a
 * link would confirm the account exists to whoever reads that mailbox.
 */
export class RequestPasswordReset {
  constructor(
    private readonly deps: Pick<
      DomainDependencies,
      'uow' | 'randomTokens' | 'clock' | 'ids' | 'events' | 'settings' | 'emails'
    >,
  ) {}

  async execute(input: RequestPasswordResetInput): Promise<RequestPasswordResetResult> {
    const { uow, randomTokens, clock, ids, events, settings, emails } = this.deps;
    const email = Email.parse(input.email);
    if (!email.ok) return email;

    // Made whether or not it will be used, so both paths do the same work.
    const token = randomTokens.generate();
    const tokenHash = randomTokens.hash(token);
    const now = clock.now();
    const expiresAt = addSeconds(now, settings.passwordResetTtlSeconds);
    const userId = await uow.run(async (scope) => {
      // As login finds it: `bücher` and `xn--bcher-kva`, and older rows stored under another form.
      const user = await findAccountByEmail(scope, emails, input.email);
      if (user === null || user.status !== 'approved') return null;
      await scope.resetTokens.deleteForUser(user.id);
      await scope.resetTokens.add({
        id: ids.next(),
        userId: user.id,
        tokenHash,
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
      await scope.outbox.enqueue({
        id: ids.next(),
        createdAt: now,
        message: { type: 'password_reset_email', to: user.email, token, expiresAt: expiresAt.toISOString() },
      });
      return user.id;
    });
    events.record(
      userId === null
        ? { name: 'password_reset_requested', reason: 'no_eligible_account' }
        : { name: 'password_reset_requested', userId },
    );
    return ok();
  }
}
