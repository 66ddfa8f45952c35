import { createHash } from 'node:crypto';
import { errorFields, type Logger, type RateLimitWindow } from '@codex-auth/composition';
import type { AttemptLimiter, AttemptVerdict } from '@codex-auth/domain';
import type { AppContext, AppMiddleware } from '../context.js';
import { HttpProblem } from '../problem.js';
import { ratelimit } from './koa-ratelimit.js';
import type { RateLimitStore } from './store.js';

/** The state of one window for one client, as the headers report it. */
interface WindowState {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch milliseconds. */
  readonly resetAt: number;
  readonly windowMs: number;
}

const X_HEADERS = {
  remaining: 'X-RateLimit-Remaining',
  reset: 'X-RateLimit-Reset',
  total: 'X-RateLimit-Limit',
};

/**
 * Both header families: `X-RateLimit-*` (reset as epoch seconds, as koa-ratelimit writes it) and the
 * IETF draft's `RateLimit-*` (reset as seconds from now), for the window closest to its limit.
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

function readWindow(ctx: AppContext, window: RateLimitWindow): WindowState {
  return {
    limit: Number(ctx.response.get(X_HEADERS.total)) || window.max,
    remaining: Number(ctx.response.get(X_HEADERS.remaining)) || 0,
    resetAt: Number(ctx.response.get(X_HEADERS.reset)) * 1000 || Date.now() + window.durationMs,
    windowMs: window.durationMs,
  };
}

const WARN_EVERY_MS = 60_000;
const lastWarned = new WeakMap<RateLimitStore, number>();

/**
 * The counter store failed (Redis down): counting falls back to this process's memory, or, without
 * a fallback, the request passes. An outage of the counter store must never take logins down with
 * it (no 500, no 503); it is said in the log, once a minute per store rather than per request.
 */
function storeUnavailable(logger: Logger, store: RateLimitStore, limit: string, error: unknown): void {
  const now = Date.now();
  if (now - (lastWarned.get(store) ?? 0) < WARN_EVERY_MS) return;
  lastWarned.set(store, now);
  logger.warn('rate_limit_store_unavailable', {
    event: 'rate_limit_store_unavailable',
    limit,
    store: store.kind,
    fallback: store.fallback === undefined ? 'none' : 'memory',
    ...errorFields(error),
  });
}

/**
 * Per-client-ip limits on a route: one koa-ratelimit counter per window (`5/minute;30/hour` is two),
 * every request counted. A limited request is a 429 problem with Retry-After; answers that pass
 * carry the headers of the window nearest its limit.
 */
export function ipRateLimit(
  name: string,
  windows: readonly RateLimitWindow[],
  store: RateLimitStore,
  logger: Logger,
): AppMiddleware {
  const limitersOn = (on: RateLimitStore) =>
    windows.map((window, index) =>
      ratelimit({
        driver: on.driver.name,
        db: on.driver.db,
        duration: window.durationMs,
        max: window.max,
        namespace: `${on.prefix}${name}:${index}`,
        id: (ctx) => ctx.state.clientIp,
        throw: false,
        headers: X_HEADERS,
      }),
    );
  const limiters = limitersOn(store);
  const fallbacks = store.fallback === undefined ? undefined : limitersOn(store.fallback);
  return (ctx, next) => {
    let tightest: WindowState | undefined;
    const run = async (index: number, fallingBack = false): Promise<void> => {
      const limiter = (fallingBack ? fallbacks : limiters)?.[index];
      const window = windows[index];
      if (limiter === undefined || window === undefined) {
        if (window !== undefined) return run(index + 1);
        if (tightest !== undefined) ctx.set(rateLimitHeaders(tightest));
        return next();
      }
      let passed = false;
      try {
        await limiter(ctx, async () => {
          passed = true;
          tightest = tighter(tightest, readWindow(ctx, window));
          await run(index + 1);
        });
      } catch (error) {
        if (passed || fallingBack) throw error;
        storeUnavailable(logger, store, name, error);
        // This window again, counted in memory (or not at all, without a fallback).
        return run(index, true);
      }
      if (!passed) throw limited(logger, name, { ...readWindow(ctx, window), remaining: 0 });
    };
    return run(0);
  };
}

/** The answer to an attempt the limiter refused: a 429 problem with Retry-After, said in the log. */
export function attemptsRefused(
  logger: Logger,
  limit: string,
  verdict: Extract<AttemptVerdict, { allowed: false }>,
): HttpProblem {
  return limited(logger, limit, {
    limit: verdict.max,
    remaining: 0,
    resetAt: verdict.resetAt,
    windowMs: verdict.windowMs,
  });
}

/**
 * The domain's `AttemptLimiter` over a rate-limit store (memory, or Redis with its in-memory
 * fallback): counts failures only (failed logins per email); `check` refuses once any window holds
 * `max` failures, `recordFailure` counts one. Subjects are hashed, so no email sits in the store in
 * clear.
 */
export class FailureLimit implements AttemptLimiter {
  constructor(
    readonly name: string,
    private readonly windows: readonly RateLimitWindow[],
    private readonly store: RateLimitStore,
    private readonly logger: Logger,
  ) {}

  async check(subject: string): Promise<AttemptVerdict> {
    for (const [index, window] of this.windows.entries()) {
      let count;
      try {
        count = await this.store.peek(this.key(index, subject));
      } catch (error) {
        storeUnavailable(this.logger, this.store, this.name, error);
        count = (await this.store.fallback?.peek(this.key(index, subject))) ?? null;
      }
      if (count !== null && count.count >= window.max) {
        return { allowed: false, max: window.max, windowMs: window.durationMs, resetAt: count.resetAt };
      }
    }
    return { allowed: true };
  }

  async recordFailure(subject: string): Promise<void> {
    for (const [index, window] of this.windows.entries()) {
      try {
        await this.store.hit(this.key(index, subject), window.durationMs);
      } catch (error) {
        storeUnavailable(this.logger, this.store, this.name, error);
        await this.store.fallback?.hit(this.key(index, subject), window.durationMs);
      }
    }
  }

  private key(index: number, subject: string): string {
    const digest = createHash('sha256').update(subject).digest('base64url');
    return `${this.store.prefix}${this.name}:${index}:${digest}`;
  }
}
