/** A fixed window's count so far and when it ends (epoch milliseconds). */
export interface WindowCount {
  readonly count: number;
  readonly resetAt: number;
}

/**
 * Counters in fixed windows, keyed by any string: what rate limits count with, the per-account
 * attempt limits of the domain (`CountingAttemptLimiter`) and a driver's per-client limits alike.
 * Memory serves one process; Redis every process pointed at it. An implementation that loses its
 * shared store keeps counting in memory rather than failing the request.
 */
export interface WindowCounters {
  /** Counts one in the window of `key`; the window opens with its first hit and lasts `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** The current window of `key` without counting, or null when none is open. */
  peek(key: string): Promise<WindowCount | null>;
}
