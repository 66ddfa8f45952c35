import type { DomainDependencies } from '../../dependencies.js';
import type { OutboxJob, OutboxMessage } from '../../model/outbox-job.js';
import { ok, type Result } from '../../shared/result.js';
import { issuePasswordReset, resetTokenContext, type IssueDependencies } from './issue-password-reset.js';
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

export type DeliveryDependencies = IssueDependencies &
  Pick<DomainDependencies, 'events' | 'outboxQueue' | 'mailer' | 'delivery'>;

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
  /** Reset requests finished without an email: no eligible account, or its limit reached. */
  readonly skipped: number;
}

/** Why a job failed without a send: said in `last_error` and the log, never with the secret. */
export const UNREADABLE_TOKEN =
  'the sealed reset token cannot be opened: sealed under another SECRET_KEY, or altered';

/**
 * Works through what the outbox holds. A reset request becomes a link (see `issuePasswordReset`) or
 * is finished silently; an email is sent with its token unsealed only in memory, for the send.
 * Claims a batch (no two workers get one job while its lease holds),
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
    const report = { claimed: jobs.length, sent: 0, retried: 0, failed: 0, released: 0, skipped: 0 };
    for (const job of jobs) {
      if (input.shouldStop?.() === true) {
        // Handed back at once rather than left to its lease, so another worker sends it now.
        await outboxQueue.release(job);
        report.released++;
        continue;
      }
      let message: OutboxMessage = job.message;
      try {
        if (message.type === 'password_reset_requested') {
          const outcome = await issuePasswordReset(this.deps, job, message);
          if (outcome.kind === 'lost') continue;
          if (outcome.kind === 'skipped') {
            await outboxQueue.complete(job, clock.now());
            events.record({
              name: 'password_reset_skipped',
              reason: outcome.reason,
              ...('userId' in outcome ? { userId: outcome.userId } : {}),
              details: { job_id: job.id },
            });
            report.skipped++;
            continue;
          }
          events.record({
            name: 'password_reset_issued',
            userId: outcome.userId,
            details: { job_id: job.id },
          });
          message = outcome.message;
        }
        const token = await this.tokenOf(job, message);
        if (token === null) {
          // Retrying cannot help: the requester asks again and gets a link sealed with today's key.
          await outboxQueue.fail(job, clock.now(), UNREADABLE_TOKEN, null);
          events.record({
            name: 'email_failed',
            reason: UNREADABLE_TOKEN,
            details: { job_id: job.id, attempts: job.attempts, permanent: true },
          });
          report.failed++;
          continue;
        }
        // The language was chosen when the link was issued, from the account (`issuePasswordReset`).
        const locale = 'locale' in message ? message.locale : undefined;
        const content = { to: message.to, token, expiresAt: message.expiresAt };
        await mailer.send(renderEmail(locale === undefined ? content : { ...content, locale }, delivery));
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
      events.record({ name: 'email_sent', details: { job_id: job.id, type: message.type } });
      report.sent++;
    }
    return ok(report);
  }

  /** The raw token of an email job, unsealed; null when it cannot be opened. */
  private async tokenOf(
    job: OutboxJob,
    message: Exclude<OutboxMessage, { type: 'password_reset_requested' }>,
  ): Promise<string | null> {
    if ('token' in message) return message.token;
    return this.deps.sealer.open(message.sealedToken, resetTokenContext(job.id, message.to));
  }
}

/** The error's message, bounded, for `last_error` and the log. Mail errors carry no secrets of ours. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}
