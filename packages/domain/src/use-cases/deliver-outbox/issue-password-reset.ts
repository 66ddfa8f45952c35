import type { DomainDependencies } from '../../dependencies.js';
import type { PasswordResetEmail, PasswordResetRequested } from '../../model/outbox-job.js';
import type { JobClaim } from '../../ports/outbox.js';
import { findAccountByEmail } from '../shared/account-email.js';
import { addSeconds } from '../shared/issue-tokens.js';

export type IssueDependencies = Pick<
  DomainDependencies,
  'uow' | 'randomTokens' | 'clock' | 'ids' | 'settings' | 'emails' | 'sealer'
>;

export type IssueOutcome =
  | { readonly kind: 'issued'; readonly userId: string; readonly message: PasswordResetEmail }
  | { readonly kind: 'skipped'; readonly reason: 'no_eligible_account' }
  | { readonly kind: 'skipped'; readonly reason: 'account_limit'; readonly userId: string }
  /** Another worker holds the job now (this claim's lease lapsed): it is theirs to finish. */
  | { readonly kind: 'lost' };

/** What a sealed token is bound to: its job and its recipient, so it cannot be moved to another. */
export function resetTokenContext(jobId: string, to: string): string {
  return `password_reset_email:${jobId}:${to}`;
}

class ClaimLost extends Error {}

/**
 * The deferred half of a reset request: an approved account under its limit gets a new link (older
 * live links stop working), and the job becomes the email that carries it, sealed. All in one
 * transaction with the job's rewrite, so a worker that dies half-way neither loses the link nor,
 * retried, issues a second one. Pending, rejected, disabled and unknown accounts get nothing: a
 * link could not let them log in, and would confirm to whoever reads that mailbox that the account
 * exists.
 */
export async function issuePasswordReset(
  deps: IssueDependencies,
  claim: JobClaim,
  request: PasswordResetRequested,
): Promise<IssueOutcome> {
  const { uow, randomTokens, clock, ids, settings, sealer, emails } = deps;
  try {
    return await uow.run<IssueOutcome>(async (scope) => {
      const now = clock.now();
      // As login finds it: `bücher` and `xn--bcher-kva`, and older rows stored under another form.
      const found = await findAccountByEmail(scope, emails, request.email);
      // Locked, so two workers handling requests for one account count and revoke one after the other.
      const user = found === null ? null : await scope.users.findByIdForUpdate(found.id);
      if (user === null || user.status !== 'approved')
        return { kind: 'skipped', reason: 'no_eligible_account' };
      for (const limit of settings.passwordResetLimits) {
        const since = new Date(now.getTime() - limit.windowSeconds * 1000);
        if ((await scope.resetTokens.countCreatedSince(user.id, since)) >= limit.max) {
          return { kind: 'skipped', reason: 'account_limit', userId: user.id };
        }
      }
      const token = randomTokens.generate();
      const expiresAt = addSeconds(now, settings.passwordResetTtlSeconds);
      await scope.resetTokens.revokeForUser(user.id, now);
      await scope.resetTokens.add({
        id: ids.next(),
        userId: user.id,
        tokenHash: randomTokens.hash(token),
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
      const message: PasswordResetEmail = {
        type: 'password_reset_email',
        to: user.email,
        sealedToken: await sealer.seal(token, resetTokenContext(claim.id, user.email)),
        expiresAt: expiresAt.toISOString(),
        locale: user.locale,
      };
      // Rolls the token back with it: the worker now holding the job issues its own.
      if (!(await scope.outbox.rewrite(claim, message))) throw new ClaimLost();
      return { kind: 'issued', userId: user.id, message };
    });
  } catch (error) {
    if (error instanceof ClaimLost) return { kind: 'lost' };
    throw error;
  }
}
