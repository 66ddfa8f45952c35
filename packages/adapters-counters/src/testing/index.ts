/** For tests that need the real Redis of TEST_REDIS_URL, in any package. */
export { useTestRedis, type TestRedis } from './redis.js';
