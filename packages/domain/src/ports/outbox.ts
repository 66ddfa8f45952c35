import type { NewOutboxJob, OutboxJob, OutboxMessage } from '../model/outbox-job.js';

/** The write side, used by use cases inside their unit of work. */
export interface Outbox {
  enqueue(job: NewOutboxJob): Promise<void>;
  /**
   * Replaces the message of a job that `claim` still holds (the latest claim, not finished), in the
   * caller's transaction: a job moves to its next step together with the writes that step made, so
   * a worker that dies between the two neither loses the step nor does it twice. False, changing
   * nothing, when the claim is no longer the job's latest.
   */
  rewrite(claim: JobClaim, message: OutboxMessage): Promise<boolean>;
}

export interface ClaimOptions {
  readonly now: Date;
  readonly limit: number;
  /** How long the claim holds; a worker that dies lets it lapse and the job is claimed again. */
  readonly leaseMs: number;
}

/** Which claim of a job a worker holds: the job's id and the attempt its claim counted. */
export type JobClaim = Pick<OutboxJob, 'id' | 'attempts'>;

/**
 * The delivery side, used by workers outside any unit of work. Claims never hand one job to two
 * workers while its lease holds, however many workers run. `complete` and `fail` take effect only
 * for the latest claim: a worker whose lease lapsed (and whose job another worker re-claimed) cannot
 * finish or reschedule it; they answer false then.
 */
export interface OutboxQueue {
  /** Pending jobs due at `now` and not under a live lease, oldest due first; counts an attempt. */
  claim(options: ClaimOptions): Promise<readonly OutboxJob[]>;
  /** Done: the job is never claimed again, and its message's secret (raw or sealed token) is erased. */
  complete(claim: JobClaim, at: Date): Promise<boolean>;
  /** Try again at `retryAt`, or give up for good when `retryAt` is null. */
  fail(claim: JobClaim, at: Date, error: string, retryAt: Date | null): Promise<boolean>;
  /**
   * Gives a claimed, unsent job back at once (a stopping worker), not counting the attempt, so it
   * need not wait for its lease to lapse.
   */
  release(claim: JobClaim): Promise<boolean>;
  find(id: string): Promise<OutboxJob | null>;
  /** Deletes up to `limit` jobs done or failed before `cutoff`; returns how many. */
  purgeFinishedBefore(cutoff: Date, limit: number): Promise<number>;
}
