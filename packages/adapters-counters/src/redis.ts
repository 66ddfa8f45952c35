import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { WindowCount } from '@codex-auth/domain';
import type { Counters } from './counters.js';
import { memoryWindowCounters } from './memory.js';

export const DEFAULT_COUNTER_PREFIX = 'codex-auth:rl:';

// One round trip, atomic: the expiry is set by the hit that opened the window, never pushed back.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

const REPORT_EVERY_MS = 60_000;

export interface RedisCountersOptions {
  /** Starts every key, so that deployments (or test runs) sharing one Redis keep apart. */
  readonly prefix?: string;
  /**
   * Redis failed and counting went to this process's memory: called at most once a minute, e.g. to
   * log it. An outage of the counters must never fail the request that counts.
   */
  readonly onUnavailable?: (error: Error) => void;
  /** The connection is back after a failure: counting is shared again from here on. */
  readonly onRecovered?: () => void;
}

/**
 * Counters in Redis, shared by every process pointed at it, with this process's memory as the
 * fallback while Redis cannot be reached (per process rather than shared, but never unlimited).
 * Keys are hashed, so no address or client ip sits in Redis in clear.
 *
 * Given a URL, the counters open (on first use, so a CLI that never counts never connects) and on
 * close quit their own client, tuned to fail fast: after the first connection attempt, a command
 * issued while the connection is down fails at once instead of queueing, and any command waits at
 * most a second. During that first attempt commands wait for it, so the first requests after a
 * start are counted in Redis too.
 */
export function redisWindowCounters(redis: Redis | string, options: RedisCountersOptions = {}): Counters {
  const owned = typeof redis === 'string';
  const prefix = options.prefix ?? DEFAULT_COUNTER_PREFIX;
  const fallback = memoryWindowCounters();
  let lastReport = 0;
  let failing = false;
  const unavailable = (error: unknown) => {
    failing = true;
    if (Date.now() - lastReport < REPORT_EVERY_MS) return;
    lastReport = Date.now();
    options.onUnavailable?.(error instanceof Error ? error : new Error(String(error)));
  };
  // ioredis is loaded with the first count, not at start: a process that never counts (the CLI, a
  // web process yet to take a request) does not hold it.
  let opened: Promise<Redis> | undefined;
  const connection = (): Promise<Redis> =>
    (opened ??= typeof redis === 'string' ? openClient(redis) : Promise.resolve(redis));
  const openClient = async (url: string): Promise<Redis> => {
    const { Redis: Client } = await import('ioredis');
    const client = new Client(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      // Reconnect attempts at most a second apart, so shared counting resumes soon after an outage.
      retryStrategy: (times) => Math.min(times * 100, 1000),
    });
    const stopQueueing = () => {
      client.options.enableOfflineQueue = false;
    };
    client.once('ready', stopQueueing);
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
      unavailable(error);
    });
    return client;
  };
  const key = (raw: string) => `${prefix}${createHash('sha256').update(raw).digest('base64url')}`;

  return {
    kind: 'redis',
    async peek(raw) {
      try {
        const client = await connection();
        const replies = (await client.multi().get(key(raw)).pttl(key(raw)).exec()) ?? [];
        for (const [error] of replies) if (error !== null) throw error;
        const count = replies[0]?.[1];
        const ttl = Number(replies[1]?.[1]);
        if (typeof count !== 'string' || !(ttl >= 0)) return null;
        return { count: Number(count), resetAt: Date.now() + ttl };
      } catch (error) {
        unavailable(error);
        return fallback.peek(raw);
      }
    },
    async hit(raw, windowMs): Promise<WindowCount> {
      try {
        const client = await connection();
        const reply = (await client.eval(HIT_SCRIPT, 1, key(raw), String(windowMs))) as [number, number];
        const [count, ttl] = reply;
        return { count, resetAt: Date.now() + ttl };
      } catch (error) {
        unavailable(error);
        return fallback.hit(raw, windowMs);
      }
    },
    async close() {
      await fallback.close();
      if (!owned || opened === undefined) return;
      const client = await opened;
      if (client.status === 'wait' || client.status === 'end') {
        client.disconnect();
        return;
      }
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
