import type { Clock } from '../../ports/clock.js';
import type { EventLog } from '../../ports/event-log.js';
import type { Mailer } from '../../ports/mailer.js';
import type { OutboxQueue } from '../../ports/outbox.js';
import { ok, type Result } from '../../shared/result.js';
import { renderEmail, type EmailSettings } from './render-email.js';

export interface DeliverySettings extends EmailSettings {
  /** Attempts before a job is given up as failed. */
  readonly maxAttempts: number;
  /** The first retry waits this long; each further one twice as long, up to `maxBackoffMs`. */
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /** How long a claim holds: longer than any send takes, so a live worker never loses its job. */
  readonly leaseMs: number;
}

export const DEFAULT_DELIVERY_SETTINGS = {
  maxAttempts: 8,
  baseBackoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  leaseMs: 120_000,
} as const;

export interface DeliveryDependencies {
  readonly outboxQueue: OutboxQueue;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly events: EventLog;
  readonly delivery: DeliverySettings;
}

export interface DeliverOutboxInput {
  readonly batchSize?: number;
  /** Checked between jobs: a stopping worker finishes the job in hand and claims no more. */
  readonly shouldStop?: () => boolean;
}

export interface DeliveryReport {
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
  /** Claimed but handed back unsent, because the worker is stopping. */
  readonly released: number;
}

/**
 * Sends what the outbox holds: claims a batch (no two workers get one job while its lease holds),
 * sends each, marks it done or schedules a retry with exponential backoff, and gives up after
 * `maxAttempts`. A worker that dies mid-send leaves the job to come back when its lease lapses:
 * delivery is at least once, never lost.
 */
export class DeliverOutbox {
  constructor(private readonly deps: DeliveryDependencies) {}

  async execute(input: DeliverOutboxInput = {}): Promise<Result<DeliveryReport, never>> {
    const { outboxQueue, mailer, clock, events, delivery } = this.deps;
    const jobs = await outboxQueue.claim({
      now: clock.now(),
      limit: input.batchSize ?? 10,
      leaseMs: delivery.leaseMs,
    });
    const report = { claimed: jobs.length, sent: 0, retried: 0, failed: 0, released: 0 };
    for (const job of jobs) {
      if (input.shouldStop?.() === true) {
        // Handed back at once rather than left to its lease, so another worker sends it now.
        await outboxQueue.release(job);
        report.released++;
        continue;
      }
      try {
        await mailer.send(renderEmail(job.message, delivery));
      } catch (error) {
        const reason = describe(error);
        const permanent = (error as { permanent?: unknown } | null)?.permanent === true;
        const now = clock.now();
        if (permanent || job.attempts >= delivery.maxAttempts) {
          await outboxQueue.fail(job, now, reason, null);
          events.record({
            name: 'email_failed',
            reason,
            details: { job_id: job.id, attempts: job.attempts, permanent },
          });
          report.failed++;
        } else {
          const wait = Math.min(delivery.maxBackoffMs, delivery.baseBackoffMs * 2 ** (job.attempts - 1));
          await outboxQueue.fail(job, now, reason, new Date(now.getTime() + wait));
          events.record({
            name: 'email_retry',
            reason,
            details: { job_id: job.id, attempts: job.attempts, retry_in_ms: wait },
          });
          report.retried++;
        }
        continue;
      }
      await outboxQueue.complete(job, clock.now());
      events.record({ name: 'email_sent', details: { job_id: job.id, type: job.message.type } });
      report.sent++;
    }
    return ok(report);
  }
}

/** The error's message, bounded, for `last_error` and the log. Mail errors carry no secrets of ours. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}
