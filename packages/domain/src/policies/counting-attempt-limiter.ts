import type { AttemptLimiter, AttemptVerdict, AttemptWindow } from '../ports/attempt-limiter.js';
import type { WindowCounters } from '../ports/window-counters.js';

/**
 * The domain's attempt limits over any `WindowCounters` (memory, Redis): one counter per window
 * and subject, under `name`. The counters decide where the counts live and how keys are stored
 * (the Redis implementation hashes them, so no address sits there in clear).
 */
export class CountingAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly counters: WindowCounters,
    readonly name: string,
    private readonly windows: readonly AttemptWindow[],
  ) {}

  async check(subject: string): Promise<AttemptVerdict> {
    for (const [index, window] of this.windows.entries()) {
      const open = await this.counters.peek(this.key(index, subject));
      if (open !== null && open.count >= window.max) {
        return {
          allowed: false,
          limit: this.name,
          max: window.max,
          windowMs: window.durationMs,
          resetAt: open.resetAt,
        };
      }
    }
    return { allowed: true };
  }

  async recordFailure(subject: string): Promise<void> {
    for (const [index, window] of this.windows.entries()) {
      await this.counters.hit(this.key(index, subject), window.durationMs);
    }
  }

  private key(index: number, subject: string): string {
    return `${this.name}:${index}:${subject}`;
  }
}
