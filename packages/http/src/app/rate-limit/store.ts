import { Redis } from 'ioredis';

/** A fixed window's count so far and when it ends (epoch milliseconds). */
export interface WindowCount {
  readonly count: number;
  readonly resetAt: number;
}

/**
 * Where rate-limit counters live: koa-ratelimit's own counters (per client ip, every request) and
 * the fixed-window counters of failures (per email, failed logins only). Memory serves one process;
 * Redis is shared by every process and instance pointed at it.
 */
export interface RateLimitStore {
  readonly kind: 'memory' | 'redis';
  /** What koa-ratelimit is given: its driver name and database. */
  readonly driver:
    | { readonly name: 'memory'; readonly db: Map<string, unknown> }
    | { readonly name: 'redis'; readonly db: Redis };
  /** Starts every key, so that deployments (or test runs) sharing one Redis keep apart. */
  readonly prefix: string;
  /** The current window of `key` without counting, or null when none is open. */
  peek(key: string): Promise<WindowCount | null>;
  /** Counts one in the window of `key`; the window opens with its first hit and lasts `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /**
   * Where counting goes while this store fails (Redis down): in-process counters, so every process
   * still enforces the limits on its own share of the traffic rather than none at all.
   */
  readonly fallback?: RateLimitStore;
  /** Releases what the store opened itself (never a Redis client it was handed). */
  close(): Promise<void>;
}

export const DEFAULT_RATE_LIMIT_PREFIX = 'codex-auth:rl:';

// Expired windows are otherwise only replaced when the same key comes back: sweep so that a stream
// of one-off clients cannot grow the maps without bound.
const SWEEP_INTERVAL_MS = 60_000;

export function memoryRateLimitStore(options: { readonly prefix?: string } = {}): RateLimitStore {
  const limiterDb = new Map<string, unknown>();
  const windows = new Map<string, WindowCount>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, entry] of windows) if (entry.resetAt <= now) windows.delete(key);
    for (const [key, entry] of limiterDb) {
      // koa-ratelimit's memory entries carry `reset` in epoch seconds.
      const reset = (entry as { reset?: unknown }).reset;
      if (typeof reset === 'number' && reset * 1000 <= now) limiterDb.delete(key);
    }
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  const current = (key: string): WindowCount | null => {
    const entry = windows.get(key);
    return entry !== undefined && entry.resetAt > Date.now() ? entry : null;
  };
  return {
    kind: 'memory',
    driver: { name: 'memory', db: limiterDb },
    prefix: options.prefix ?? DEFAULT_RATE_LIMIT_PREFIX,
    peek: (key) => Promise.resolve(current(key)),
    hit(key, windowMs) {
      const open = current(key);
      const next =
        open === null ? { count: 1, resetAt: Date.now() + windowMs } : { ...open, count: open.count + 1 };
      windows.set(key, next);
      return Promise.resolve(next);
    },
    close() {
      clearInterval(sweep);
      return Promise.resolve();
    },
  };
}

// One round trip, atomic: the expiry is set by the hit that opened the window, never pushed back.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

export interface RedisStoreOptions {
  readonly prefix?: string;
  /** Called on connection errors (at most once a minute), e.g. to log them. */
  readonly onError?: (error: Error) => void;
  /** Called when the connection is back after an error: counting is shared again from here on. */
  readonly onRecovered?: () => void;
}

/**
 * Counters in Redis, with in-process counters (`fallback`) for while Redis cannot be reached. Given a URL, the store opens (and on close, quits) its own client, tuned to
 * fail fast: after the first connection attempt, a command issued while the connection is down fails
 * at once instead of queueing, and any command waits at most a second, so an outage costs requests
 * next to no time (the limiters then let them through and log it). During that first attempt,
 * commands wait for it, so the first requests after a start are counted too.
 */
export function redisRateLimitStore(redis: Redis | string, options: RedisStoreOptions = {}): RateLimitStore {
  const owned = typeof redis === 'string';
  const client = owned
    ? new Redis(redis, {
        maxRetriesPerRequest: 1,
        commandTimeout: 1000,
        // Reconnect attempts at most a second apart, so shared counting resumes soon after an outage.
        retryStrategy: (times) => Math.min(times * 100, 1000),
      })
    : redis;
  if (owned) {
    const stopQueueing = () => {
      client.options.enableOfflineQueue = false;
    };
    client.once('ready', stopQueueing);
    let lastReport = 0;
    let failing = false;
    client.on('ready', () => {
      if (!failing) return;
      failing = false;
      options.onRecovered?.();
    });
    // A lost connection may come back on the first reconnect, without an error in between.
    client.on('close', () => {
      failing = true;
    });
    client.on('error', (error: Error) => {
      stopQueueing();
      failing = true;
      if (Date.now() - lastReport < 60_000) return;
      lastReport = Date.now();
      options.onError?.(error);
    });
  }
  const prefix = options.prefix ?? DEFAULT_RATE_LIMIT_PREFIX;
  const fallback = memoryRateLimitStore({ prefix });
  return {
    kind: 'redis',
    driver: { name: 'redis', db: client },
    prefix,
    fallback,
    async peek(key) {
      const replies = (await client.multi().get(key).pttl(key).exec()) ?? [];
      for (const [error] of replies) if (error !== null) throw error;
      const count = replies[0]?.[1];
      const ttl = Number(replies[1]?.[1]);
      if (typeof count !== 'string' || !(ttl >= 0)) return null;
      return { count: Number(count), resetAt: Date.now() + ttl };
    },
    async hit(key, windowMs) {
      const [count, ttl] = (await client.eval(HIT_SCRIPT, 1, key, String(windowMs))) as [number, number];
      return { count, resetAt: Date.now() + ttl };
    },
    async close() {
      await fallback.close();
      if (!owned) return;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
