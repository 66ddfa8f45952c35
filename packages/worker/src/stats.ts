/** What a worker has done since it started. */
export interface WorkerStats {
  /** Claims of the outbox that returned at least one job. */
  readonly batches: number;
  readonly emailsSent: number;
  /** Sends that failed and were scheduled again. */
  readonly emailsRetried: number;
  /** Jobs given up for good (a permanent refusal, or out of attempts). */
  readonly emailsFailed: number;
  /** Claimed but handed back unsent because the worker was stopping; another claim takes them at once. */
  readonly emailsReleased: number;
  /** Cleanups this worker ran. */
  readonly cleanupsRun: number;
  /** Cleanups skipped because another worker was running one. */
  readonly cleanupsSkipped: number;
  readonly refreshTokensRemoved: number;
  readonly resetTokensRemoved: number;
  /** Runs of a loop that failed (database or mail server unreachable, …). */
  readonly errors: number;
}

export type MutableStats = { -readonly [K in keyof WorkerStats]: WorkerStats[K] };

export function emptyStats(): MutableStats {
  return {
    batches: 0,
    emailsSent: 0,
    emailsRetried: 0,
    emailsFailed: 0,
    emailsReleased: 0,
    cleanupsRun: 0,
    cleanupsSkipped: 0,
    refreshTokensRemoved: 0,
    resetTokensRemoved: 0,
    errors: 0,
  };
}

/** `now − before`, field by field: what happened between two snapshots. */
export function statsSince(now: WorkerStats, before: WorkerStats): WorkerStats {
  const delta = emptyStats();
  for (const key of Object.keys(delta) as (keyof WorkerStats)[]) delta[key] = now[key] - before[key];
  return delta;
}
