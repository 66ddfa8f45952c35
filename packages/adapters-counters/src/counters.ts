import type { WindowCounters } from '@codex-auth/domain';

/** Window counters the composition opens and closes: where they count, and how to let them go. */
export interface Counters extends WindowCounters {
  readonly kind: 'memory' | 'redis';
  /** Releases what the counters opened themselves (never a Redis client they were handed). */
  close(): Promise<void>;
}
