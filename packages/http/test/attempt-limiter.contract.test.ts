import { setTimeout as sleep } from 'node:timers/promises';
import { attemptLimiterContract } from '@codex-auth/domain/testing';
import { captureLogs } from './support/logs.js';
import { useTestRedis } from './support/redis.js';
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
  const { redis, prefix } = useTestRedis('Redis-backed attempt limits');

  attemptLimiterContract({ describe, it }, async (windows) => {
    const store = redisRateLimitStore(redis(), { prefix: prefix() });
    return {
      limiter: new FailureLimit('contract', windows, store, captureLogs().logger),
      pass: (ms) => sleep(ms),
      dispose: () => store.close(),
    };
  });
});
