import type { DomainDependencies } from '../../dependencies.js';
import { attemptSubject } from '../../model/attempt-subject.js';
import { clampUserAgent } from '../../model/session.js';
import type { TokenPair } from '../../model/token-pair.js';
import { User } from '../../model/user.js';
import type { TransactionScope } from '../../ports/unit-of-work.js';
import type { AccountStatusCode } from '../../shared/error-codes.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, tooManyAttempts, type Result } from '../../shared/result.js';
import { findAccountByEmail } from '../shared/account-email.js';
import { accountStatusFailure } from '../shared/account-status.js';
import { issueTokens } from '../shared/issue-tokens.js';

export interface LoginInput {
  readonly email: string;
  readonly password: string;
  readonly userAgent?: string | null;
  readonly ip?: string | null;
}

export type LoginResult = Result<TokenPair, 'invalid_credentials' | 'rate_limited' | AccountStatusCode>;

// Verified when the email matches no account, so that an unknown email costs what a wrong password
// costs and response times do not tell which accounts exist.
const DUMMY_PASSWORD = 'codex-auth timing equaliser, never a real password';

export class Login {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly deps: Pick<
      DomainDependencies,
      'uow' | 'hasher' | 'tokens' | 'clock' | 'ids' | 'events' | 'settings' | 'emails' | 'attempts'
    >,
  ) {}

  async execute(input: LoginInput): Promise<LoginResult> {
    const { uow, hasher, clock, events, emails, attempts } = this.deps;
    // Per account, whatever form of the address was typed: refused before any hashing, so a locked
    // account costs a guesser nothing to ask about and learns nothing (unknown addresses count too).
    const subject = attemptSubject(input.email, emails);
    const verdict = await attempts.check(subject);
    if (!verdict.allowed) {
      events.record({ name: 'login_rate_limited', reason: verdict.limit });
      return tooManyAttempts(verdict);
    }
    // No syntax check: any string that matches no account is simply wrong credentials, and
    // accounts imported from the seed may carry addresses today's rules refuse.
    // Read-only, so on the pool: no BEGIN or COMMIT around the lookup (two statements fewer a login).
    const user = await uow.read((scope) => findAccountByEmail(scope, emails, input.email));

    const hash = user?.passwordHash ?? (await this.getDummyHash());
    const valid = await hasher.verify(hash, input.password);
    if (user === null || !valid) {
      await attempts.recordFailure(subject);
      events.record({
        name: 'login_failed',
        ...(user === null ? { reason: 'unknown_email' } : { userId: user.id, reason: 'wrong_password' }),
      });
      return fail('invalid_credentials', MESSAGES.invalidCredentials);
    }

    // Status only after the password: otherwise anyone could learn an account's status.
    const statusFailure = accountStatusFailure(user);
    if (statusFailure !== null) {
      events.record({ name: 'login_not_approved', userId: user.id, reason: user.status });
      return statusFailure;
    }

    // Hashing is slow: do it before the transaction, not while holding it open.
    const newHash = hasher.needsRehash(user.passwordHash) ? await hasher.hash(input.password) : null;
    const now = clock.now();
    const pair = await uow.run(async (scope) => {
      let current: User = user;
      if (newHash !== null) {
        // Re-read so a concurrent change (approval, role) is not overwritten by our stale copy.
        const fresh = await scope.users.findByIdForUpdate(user.id);
        if (fresh !== null && fresh.passwordHash === user.passwordHash) {
          current = User.setPassword(fresh, newHash);
          await scope.users.update(current);
        }
      }
      return this.openSession(scope, current, now, input);
    });
    events.record({ name: 'login_ok', userId: user.id, details: { rehashed: newHash !== null } });
    return ok(pair);
  }

  private async openSession(
    scope: TransactionScope,
    user: User,
    now: Date,
    input: LoginInput,
  ): Promise<TokenPair> {
    const { ids, settings } = this.deps;
    const sessionId = ids.next();
    await scope.sessions.add({
      id: sessionId,
      userId: user.id,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + settings.refreshTokenTtlSeconds * 1000),
      userAgent: clampUserAgent(input.userAgent),
      ip: input.ip ?? null,
      revokedAt: null,
    });
    const issued = await issueTokens(this.deps, scope, { user, sessionId, now, parentJti: null });
    return issued.pair;
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(DUMMY_PASSWORD);
    return this.dummyHash;
  }
}
