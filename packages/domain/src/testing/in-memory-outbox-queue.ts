import type { OutboxJob, OutboxMessage } from '../model/outbox-job.js';
import type { ClaimOptions, JobClaim, OutboxQueue } from '../ports/outbox.js';
import type { InMemoryDatabase } from './in-memory-database.js';

const REDACTED = '';

/** The message with its secret (raw or sealed token) blanked, as the Postgres adapter does. */
function erased(message: OutboxMessage): OutboxMessage {
  if ('sealedToken' in message) return { ...message, sealedToken: REDACTED };
  if ('token' in message) return { ...message, token: REDACTED };
  return message;
}

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

  complete(claim: JobClaim, at: Date): Promise<boolean> {
    return this.db.exclusive(async () => {
      const job = this.current(claim);
      if (job === undefined) return false;
      this.db.tables.outbox.set(job.id, {
        ...job,
        doneAt: at,
        lockedUntil: null,
        message: erased(job.message),
      });
      return true;
    });
  }

  fail(claim: JobClaim, at: Date, error: string, retryAt: Date | null): Promise<boolean> {
    return this.db.exclusive(async () => {
      const job = this.current(claim);
      if (job === undefined) return false;
      this.db.tables.outbox.set(job.id, {
        ...job,
        lastError: error,
        lockedUntil: null,
        ...(retryAt === null ? { failedAt: at, message: erased(job.message) } : { nextAttemptAt: retryAt }),
      });
      return true;
    });
  }

  release(claim: JobClaim): Promise<boolean> {
    return this.db.exclusive(async () => {
      const job = this.current(claim);
      if (job === undefined) return false;
      this.db.tables.outbox.set(job.id, { ...job, attempts: job.attempts - 1, lockedUntil: null });
      return true;
    });
  }

  find(id: string): Promise<OutboxJob | null> {
    return this.db.exclusive(async () => this.db.tables.outbox.get(id) ?? null);
  }

  purgeFinishedBefore(cutoff: Date, limit: number): Promise<number> {
    return this.db.exclusive(async () => {
      const finished = [...this.db.tables.outbox.values()]
        .filter((j) => {
          const at = j.doneAt ?? j.failedAt;
          return at !== null && at.getTime() < cutoff.getTime();
        })
        .slice(0, limit);
      for (const j of finished) this.db.tables.outbox.delete(j.id);
      return finished.length;
    });
  }

  /** The job, if this claim is its latest and it is not finished. */
  private current(claim: JobClaim): OutboxJob | undefined {
    const job = this.db.tables.outbox.get(claim.id);
    if (
      job === undefined ||
      job.attempts !== claim.attempts ||
      job.doneAt !== null ||
      job.failedAt !== null
    ) {
      return undefined;
    }
    return job;
  }
}
