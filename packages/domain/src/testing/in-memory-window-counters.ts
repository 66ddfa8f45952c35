import type { Clock } from '../ports/clock.js';
import type { WindowCount, WindowCounters } from '../ports/window-counters.js';

const systemClock: Clock = { now: () => new Date() };

/** Fixed-window counters in this object, on a clock a test can move: for tests and embedding. */
export class InMemoryWindowCounters implements WindowCounters {
  private readonly counts = new Map<string, WindowCount>();

  constructor(private readonly clock: Clock = systemClock) {}

  hit(key: string, windowMs: number): Promise<WindowCount> {
    const open = this.open(key);
    const next =
      open === null ? { count: 1, resetAt: this.now() + windowMs } : { ...open, count: open.count + 1 };
    this.counts.set(key, next);
    return Promise.resolve(next);
  }

  peek(key: string): Promise<WindowCount | null> {
    return Promise.resolve(this.open(key));
  }

  private open(key: string): WindowCount | null {
    const entry = this.counts.get(key);
    if (entry === undefined) return null;
    if (entry.resetAt > this.now()) return entry;
    this.counts.delete(key);
    return null;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
