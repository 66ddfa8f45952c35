import { Router, type RouterContext } from '@koa/router';
import type { Logger } from '@codex-auth/composition';
import type { Config } from '@codex-auth/composition';
import type { Principal, UseCases, WindowCounters } from '@codex-auth/domain';
import { bearerToken, failureProblem, requireAdmin, requirePrincipal } from './auth.js';
import { readJsonObject } from './body.js';
import type { AppContext, AppMiddleware, AppState } from './context.js';
import { renderProblem } from './middleware/errors.js';
import { HttpProblem } from './problem.js';
import { attemptsRefused, ipRateLimit } from './rate-limit/limiter.js';
import { isFailure, type Reply, type Route } from './route.js';
import { validate } from './validation.js';

export interface RouterDeps {
  readonly config: Config;
  readonly useCases: UseCases;
  readonly logger: Logger;
  /** Where the per-client-ip limits count. */
  readonly counters: WindowCounters;
}

async function authorize(route: Route, deps: RouterDeps, ctx: AppContext): Promise<Principal | null> {
  if (route.auth === 'access') return requirePrincipal(deps.useCases, ctx);
  if (route.auth === 'admin') return requireAdmin(deps.useCases, ctx);
  return null;
}

async function readBody(route: Route, ctx: AppContext): Promise<unknown> {
  if (route.body === undefined) return undefined;
  const raw = await readJsonObject(ctx);
  if (raw === undefined && route.body.required) {
    throw new HttpProblem('invalid_json', { detail: 'a JSON object request body is required' });
  }
  return validate(route.body.schema, raw ?? {});
}

function respond(ctx: AppContext, reply: Reply): void {
  ctx.status = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
  if (reply.body !== undefined) ctx.body = reply.body;
  if (reply.type !== undefined) ctx.type = reply.type;
}

/**
 * One handler per route, in the order every route shares: rate limit, then authentication (before
 * reading a body, so anonymous callers cost nothing), then body and validation, then the use case.
 */
function handler(route: Route, deps: RouterDeps): AppMiddleware {
  return async (ctx) => {
    const principal = await authorize(route, deps, ctx);
    const body = await readBody(route, ctx);
    const outcome = await route.handle({
      ctx,
      body,
      principal,
      params: (ctx as unknown as RouterContext<AppState>).params ?? {},
      bearer: bearerToken(ctx),
      ip: ctx.state.clientIp,
      userAgent: ctx.get('User-Agent') || null,
    });
    // The timeout has answered already; this outcome has nobody to go to.
    if (ctx.state.timedOut === true) return;
    if (route.cacheControl !== undefined) ctx.set('Cache-Control', route.cacheControl);
    if (isFailure(outcome)) {
      // A refusal of the domain's attempt limits is answered like the per-ip limits: when to retry.
      const problem =
        outcome.retry === undefined
          ? failureProblem(outcome, route.statusOverrides)
          : attemptsRefused(deps.logger, outcome.retry);
      renderProblem(ctx, problem);
    } else respond(ctx, outcome);
  };
}

/** The route table as koa-router routes. */
export function createRouter(routes: readonly Route[], deps: RouterDeps): Router<AppState> {
  const router = new Router<AppState>();
  for (const route of routes) {
    const middleware: AppMiddleware[] = [];
    if (route.rateLimit !== undefined) {
      middleware.push(
        ipRateLimit(route.rateLimit, deps.config.rateLimits[route.rateLimit], deps.counters, deps.logger),
      );
    }
    middleware.push(handler(route, deps));
    router.register(route.path.replace(/\{(\w+)\}/g, ':$1'), [route.method], middleware);
  }
  return router;
}

/**
 * After the router: a path no route knows is 404; a known path with another method is 405 with
 * `Allow` (OPTIONS answers with `Allow` alone).
 */
export function notFoundOrNotAllowed(): AppMiddleware {
  return (ctx) => {
    const matched = (ctx as unknown as RouterContext<AppState>).matched ?? [];
    const methods = new Set(matched.flatMap((layer) => layer.methods));
    if (methods.size === 0) throw new HttpProblem('not_found', { detail: 'no such resource' });
    methods.add('OPTIONS');
    const allow = [...methods].join(', ');
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      ctx.set('Allow', allow);
      return;
    }
    throw new HttpProblem('method_not_allowed', { headers: { Allow: allow } });
  };
}
