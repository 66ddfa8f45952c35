import type { AttemptLimiter, AttemptVerdict, AttemptWindow } from '../ports/attempt-limiter.js';
import type { Clock } from '../ports/clock.js';

const systemClock: Clock = { now: () => new Date() };

/** Fixed-window failure counters in this object, for tests and embedding in one process. */
export class InMemoryAttemptLimiter implements AttemptLimiter {
  private readonly counts = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly windows: readonly AttemptWindow[],
    private readonly clock: Clock = systemClock,
  ) {}

  check(subject: string): Promise<AttemptVerdict> {
    for (const [index, window] of this.windows.entries()) {
      const open = this.open(`${index}:${subject}`);
      if (open !== null && open.count >= window.max) {
        return Promise.resolve({
          allowed: false,
          max: window.max,
          windowMs: window.durationMs,
          resetAt: open.resetAt,
        });
      }
    }
    return Promise.resolve({ allowed: true });
  }

  recordFailure(subject: string): Promise<void> {
    for (const [index, window] of this.windows.entries()) {
      const key = `${index}:${subject}`;
      const open = this.open(key);
      if (open === null) this.counts.set(key, { count: 1, resetAt: this.now() + window.durationMs });
      else open.count += 1;
    }
    return Promise.resolve();
  }

  private open(key: string): { count: number; resetAt: number } | null {
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
