import { authorizeAdmin, type Failure, type Principal, type UseCases } from '@codex-auth/domain';
import type { AppContext } from './context.js';
import { HttpProblem, PROBLEMS, type StatusOverrides } from './problem.js';

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** The token of an `Authorization: Bearer` header, or null when there is none (or another scheme). */
export function bearerToken(ctx: AppContext): string | null {
  return BEARER.exec(ctx.get('Authorization'))?.[1] ?? null;
}

/** A domain failure as the problem it is answered with; `overrides` are the route's own statuses. */
export function failureProblem(failure: Failure, overrides: StatusOverrides = {}): HttpProblem {
  const status = overrides[failure.code] ?? PROBLEMS[failure.code].status;
  return new HttpProblem(failure.code, {
    status,
    detail: failure.message,
    ...(failure.errors === undefined ? {} : { errors: failure.errors }),
    // RFC 6750: a 401 for a bearer-protected resource names the scheme.
    ...(failure.code === 'unauthorized' ? { headers: { 'WWW-Authenticate': 'Bearer' } } : {}),
  });
}

/**
 * Access token → principal, checked by the domain against the current session and account state,
 * so revocations bite on the next request. Throws 401 unauthorized.
 */
export async function requirePrincipal(useCases: UseCases, ctx: AppContext): Promise<Principal> {
  const result = await useCases.authenticate.execute({ accessToken: bearerToken(ctx) ?? '' });
  if (!result.ok) throw failureProblem(result);
  return result.value;
}

/** As requirePrincipal, and the role stored now must be admin: 403 forbidden otherwise. */
export async function requireAdmin(useCases: UseCases, ctx: AppContext): Promise<Principal> {
  const authorized = authorizeAdmin(await requirePrincipal(useCases, ctx));
  if (!authorized.ok) throw failureProblem(authorized);
  return authorized.value;
}
