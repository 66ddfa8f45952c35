import type { OutboxJob } from '../model/outbox-job.js';
import type { ClaimOptions, OutboxQueue } from '../ports/outbox.js';
import type { InMemoryDatabase } from './in-memory-database.js';

const REDACTED = '';

export class InMemoryOutboxQueue implements OutboxQueue {
  constructor(private readonly db: InMemoryDatabase) {}

  claim(options: ClaimOptions): Promise<readonly OutboxJob[]> {
    return this.db.exclusive(async () => {
      const now = options.now.getTime();
      const due = [...this.db.tables.outbox.values()]
        .filter(
          (j) =>
            j.doneAt === null &&
            j.failedAt === null &&
            j.nextAttemptAt.getTime() <= now &&
            (j.lockedUntil === null || j.lockedUntil.getTime() <= now),
        )
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : 1))
        .slice(0, options.limit);
      return due.map((job) => {
        const claimed = { ...job, attempts: job.attempts + 1, lockedUntil: new Date(now + options.leaseMs) };
        this.db.tables.outbox.set(job.id, claimed);
        return claimed;
      });
    });
  }

  complete(id: string, at: Date): Promise<void> {
    return this.db.exclusive(async () => {
      const job = this.db.tables.outbox.get(id);
      if (job === undefined) return;
      this.db.tables.outbox.set(id, {
        ...job,
        doneAt: at,
        lockedUntil: null,
        message: { ...job.message, token: REDACTED },
      });
    });
  }

  fail(id: string, at: Date, error: string, retryAt: Date | null): Promise<void> {
    return this.db.exclusive(async () => {
      const job = this.db.tables.outbox.get(id);
      if (job === undefined) return;
      this.db.tables.outbox.set(id, {
        ...job,
        lastError: error,
        lockedUntil: null,
        ...(retryAt === null
          ? { failedAt: at, message: { ...job.message, token: REDACTED } }
          : { nextAttemptAt: retryAt }),
      });
    });
  }

  find(id: string): Promise<OutboxJob | null> {
    return this.db.exclusive(async () => this.db.tables.outbox.get(id) ?? null);
  }
}
