import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

// mocha's hooks: the suites that call this run under mocha. Declared here (module scope) so the
// package's build needs no test framework's types.
declare function before(fn: (this: { skip(): never }) => void | Promise<void>): void;
declare function after(fn: () => void | Promise<void>): void;

export interface TestRedis {
  /** TEST_REDIS_URL, for code under test that opens its own connection. */
  readonly url: () => string;
  /** The connection; only inside tests of the suite that called `useTestRedis`. */
  readonly redis: () => Redis;
  /** A key prefix of this suite's own: Redis outlives test runs and is shared by other suites. */
  readonly prefix: () => string;
}

/**
 * Hooks for a suite that needs the real Redis of TEST_REDIS_URL: skips the suite (saying so) without
 * one, connects before it, and deletes the suite's keys and disconnects after it.
 */
export function useTestRedis(what: string): TestRedis {
  const url = process.env['TEST_REDIS_URL'];
  let redis: Redis | undefined;
  let prefix = '';

  before(function () {
    if (url === undefined || url === '') {
      console.log(`      skipped ${what}: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379)`);
      this.skip();
    }
    redis = new Redis(url);
    prefix = `codex-auth-test:${randomBytes(6).toString('hex')}:`;
  });
  after(async () => {
    if (redis === undefined) return;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  return {
    url: () => url ?? '',
    redis: () => {
      if (redis === undefined) throw new Error('useTestRedis: no connection outside its suite');
      return redis;
    },
    prefix: () => prefix,
  };
}
