import type { DomainDependencies } from '../../dependencies.js';
import type { Principal } from '../../model/principal.js';
import { isSessionLive } from '../../model/session.js';
import { toUserView, User } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';

export interface AuthenticateInput {
  readonly accessToken: string;
}

export type AuthenticateResult = Result<Principal, 'unauthorized'>;

/**
 * Access token → principal, checked against current state on every request: the session must be
 * live and the user approved now, so logout, resets, rejection and disabling take effect on the next
 * request rather than when the token expires. The role returned is the stored one.
 */
export class Authenticate {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'tokens' | 'clock'>) {}

  async execute(input: AuthenticateInput): Promise<AuthenticateResult> {
    const { uow, tokens, clock } = this.deps;
    const now = clock.now();
    const claims = input.accessToken === '' ? null : await tokens.verifyAccess(input.accessToken, now);
    if (claims === null) return unauthorized();

    // One query, no transaction: this runs on every authenticated request.
    const found = await uow.read((scope) => scope.sessions.findWithUser(claims.sessionId));
    if (found === null || found.user.id !== claims.userId) return unauthorized();
    const { session, user } = found;
    if (!isSessionLive(session, now) || user.status !== 'approved') return unauthorized();
    if (!User.acceptsTokenIssuedAt(user, claims.issuedAt)) return unauthorized();
    return ok({
      userId: user.id,
      sessionId: session.id,
      email: user.email,
      role: user.role,
      user: toUserView(user),
    });
  }
}

function unauthorized() {
  return fail('unauthorized', MESSAGES.unauthorized);
}
