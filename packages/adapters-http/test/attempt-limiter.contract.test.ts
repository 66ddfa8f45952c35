import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { attemptLimiterContract } from '@codex-auth/domain/testing';
import { captureLogs } from './support/logs.js';
import { FailureLimit } from '../src/app/rate-limit/limiter.js';
import { memoryRateLimitStore, redisRateLimitStore } from '../src/index.js';

// The per-account failure limit over each store is held to the domain's AttemptLimiter contract,
// the same suite the in-memory limiter passes.
describe('FailureLimit over the memory store', () => {
  attemptLimiterContract({ describe, it }, async (windows) => {
    const store = memoryRateLimitStore();
    return {
      limiter: new FailureLimit('contract', windows, store, captureLogs().logger),
      pass: (ms) => sleep(ms),
      dispose: () => store.close(),
    };
  });
});

describe('FailureLimit over the Redis store', function () {
  const url = process.env['TEST_REDIS_URL'];
  let redis: Redis | undefined;
  let prefix: string;

  before(function () {
    if (url === undefined || url === '') {
      console.log(
        '      skipped Redis-backed attempt limits: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379)',
      );
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

  attemptLimiterContract({ describe, it }, async (windows) => {
    const store = redisRateLimitStore(redis!, { prefix });
    return {
      limiter: new FailureLimit('contract', windows, store, captureLogs().logger),
      pass: (ms) => sleep(ms),
      dispose: () => store.close(),
    };
  });
});
