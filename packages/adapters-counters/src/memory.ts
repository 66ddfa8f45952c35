import type { WindowCount } from '@codex-auth/domain';
import type { Counters } from './counters.js';

// Expired windows are otherwise only replaced when the same key comes back: sweep so that a stream
// of one-off clients cannot grow the map without bound.
const SWEEP_INTERVAL_MS = 60_000;

/** Fixed windows in this process: the store without Redis, and Redis's fallback while it is down. */
export function memoryWindowCounters(): Counters {
  const windows = new Map<string, WindowCount>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, entry] of windows) if (entry.resetAt <= now) windows.delete(key);
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  const current = (key: string): WindowCount | null => {
    const entry = windows.get(key);
    return entry !== undefined && entry.resetAt > Date.now() ? entry : null;
  };
  return {
    kind: 'memory',
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
      windows.clear();
      return Promise.resolve();
    },
  };
}
