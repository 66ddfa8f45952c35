export type { Counters } from './counters.js';
export { memoryWindowCounters } from './memory.js';
export { redisWindowCounters, DEFAULT_COUNTER_PREFIX, type RedisCountersOptions } from './redis.js';
