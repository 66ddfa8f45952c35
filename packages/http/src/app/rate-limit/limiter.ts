import type { Logger, RateLimitWindow } from '@codex-auth/composition';
import type { AttemptRefusal, WindowCounters } from '@codex-auth/domain';
import type { AppMiddleware } from '../context.js';
import { HttpProblem } from '../problem.js';

/** The state of one window for one client, as the headers report it. */
interface WindowState {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch milliseconds. */
  readonly resetAt: number;
  readonly windowMs: number;
}

/**
 * Both header families: `X-RateLimit-*` (reset as epoch seconds) and the IETF draft's
 * `RateLimit-*` (reset as seconds from now), for the window closest to its limit.
 */
function rateLimitHeaders(state: WindowState, now = Date.now()): Record<string, string> {
  const secondsLeft = Math.max(0, Math.ceil((state.resetAt - now) / 1000));
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(Math.ceil(state.resetAt / 1000)),
    'RateLimit-Limit': String(state.limit),
    'RateLimit-Remaining': String(state.remaining),
    'RateLimit-Reset': String(secondsLeft),
    'RateLimit-Policy': `${state.limit};w=${Math.ceil(state.windowMs / 1000)}`,
  };
}

function limited(logger: Logger, limit: string, state: WindowState): HttpProblem {
  const retryAfter = Math.max(1, Math.ceil((state.resetAt - Date.now()) / 1000));
  logger.warn('rate_limited', {
    event: 'rate_limited',
    limit,
    max: state.limit,
    window_seconds: Math.ceil(state.windowMs / 1000),
    retry_after: retryAfter,
  });
  return new HttpProblem('rate_limited', {
    detail: `too many requests, try again in ${retryAfter} seconds`,
    headers: { ...rateLimitHeaders(state), 'Retry-After': String(retryAfter) },
  });
}

function tighter(a: WindowState | undefined, b: WindowState): WindowState {
  if (a === undefined) return b;
  return b.remaining < a.remaining || (b.remaining === a.remaining && b.resetAt > a.resetAt) ? b : a;
}

/**
 * Per-client-ip limits on a route: one fixed-window counter per window (`5/minute;30/hour` is two),
 * every request counted, in the application's counters (Redis or memory; they fall back to memory
 * themselves while Redis is down, so a limit never fails a request). A limited request is a 429
 * problem with Retry-After; answers that pass carry the headers of the window nearest its limit.
 */
export function ipRateLimit(
  name: string,
  windows: readonly RateLimitWindow[],
  counters: WindowCounters,
  logger: Logger,
): AppMiddleware {
  return async (ctx, next) => {
    let tightest: WindowState | undefined;
    for (const [index, window] of windows.entries()) {
      const { count, resetAt } = await counters.hit(
        `${name}:${index}:${ctx.state.clientIp}`,
        window.durationMs,
      );
      const state = {
        limit: window.max,
        remaining: Math.max(0, window.max - count),
        resetAt,
        windowMs: window.durationMs,
      };
      if (count > window.max) throw limited(logger, name, state);
      tightest = tighter(tightest, state);
    }
    if (tightest !== undefined) ctx.set(rateLimitHeaders(tightest));
    return next();
  };
}

/** The answer to an attempt the domain's limits refused: a 429 problem with Retry-After, logged. */
export function attemptsRefused(logger: Logger, refusal: AttemptRefusal): HttpProblem {
  return limited(logger, refusal.limit, {
    limit: refusal.max,
    remaining: 0,
    resetAt: refusal.resetAt,
    windowMs: refusal.windowMs,
  });
}
