import { errorFields, type Application } from '@codex-auth/composition';
import { isStoreUnavailable, type DeliverOutbox } from '@codex-auth/domain';
import { Loop } from './loop.js';
import { emptyStats, statsSince, type WorkerStats } from './stats.js';

export type WorkerLoop = 'outbox' | 'cleanup' | 'heartbeat';

/** What the worker uses of a composed application. */
export type WorkerApplication = Pick<Application, 'config' | 'logger' | 'locks' | 'useCases'>;

export interface WorkerOptions {
  /** Which loops to run; all three by default. */
  readonly loops?: readonly WorkerLoop[];
  /** Jobs claimed at a time. Default 10. */
  readonly batchSize?: number;
  /** Default `OUTBOX_POLL_INTERVAL`. A full batch is followed by the next one at once. */
  readonly outboxPollIntervalMs?: number;
  /** Default `CLEANUP_INTERVAL`. */
  readonly cleanupIntervalMs?: number;
  /** The first cleanup, shortly after start. Default 10 s (or the interval, when shorter). */
  readonly cleanupInitialDelayMs?: number;
  /** Default `CLEANUP_GRACE_DAYS`. */
  readonly cleanupGraceDays?: number;
  /** Default `WORKER_HEARTBEAT_INTERVAL`. */
  readonly heartbeatIntervalMs?: number;
  /** The delivery use case; default the application's. Tests pass one with a short retry backoff. */
  readonly deliverOutbox?: Pick<DeliverOutbox, 'execute'>;
}

export interface Worker {
  /** Starts the loops; calling it again does nothing. */
  start(): void;
  /**
   * Claims no more jobs, lets the email in hand finish (the rest of the batch stays leased and comes
   * back when the lease lapses), interrupts a cleanup between two of its batches, and resolves when
   * nothing runs any more: no timer of the worker is left to keep the process alive. It does not
   * close the application, which belongs to the caller. Idempotent; a stopped worker stays stopped.
   */
  stop(): Promise<void>;
  /** Totals since start (a snapshot). */
  readonly stats: WorkerStats;
}

export const DEFAULT_BATCH_SIZE = 10;
const DEFAULT_CLEANUP_INITIAL_DELAY_MS = 10_000;
const CLEANUP_LOCK = 'cleanup';

/** Thrown when a cleanup ended early because the worker stops, so the loop logs it as interrupted. */
class StopRequested extends Error {
  override name = 'StopRequested';
}

/**
 * The worker's three loops over one composed application: outbox delivery, scheduled cleanup and a
 * heartbeat log line. The daemon (`main.ts`) runs it; the web process runs it in-process in embedded
 * mode, where the single-process database cannot be shared with a separate worker.
 */
export function createWorker(app: WorkerApplication, options: WorkerOptions = {}): Worker {
  const { config, logger, locks, useCases } = app;
  const deliverOutbox = options.deliverOutbox ?? useCases.deliverOutbox;
  const batchSize = positive('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE);
  const pollMs = positive(
    'outboxPollIntervalMs',
    options.outboxPollIntervalMs ?? config.worker.outboxPollIntervalSeconds * 1000,
  );
  const cleanupMs = positive(
    'cleanupIntervalMs',
    options.cleanupIntervalMs ?? config.worker.cleanupIntervalSeconds * 1000,
  );
  const cleanupFirstMs = nonNegative(
    'cleanupInitialDelayMs',
    options.cleanupInitialDelayMs ?? Math.min(DEFAULT_CLEANUP_INITIAL_DELAY_MS, cleanupMs),
  );
  const heartbeatMs = positive(
    'heartbeatIntervalMs',
    options.heartbeatIntervalMs ?? config.worker.heartbeatIntervalSeconds * 1000,
  );
  const graceDays = options.cleanupGraceDays ?? config.worker.cleanupGraceDays;
  const enabled = new Set<WorkerLoop>(options.loops ?? ['outbox', 'cleanup', 'heartbeat']);

  const stats = emptyStats();
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let lastBeat = { ...stats };
  let lastBeatAt = Date.now();

  // An unreachable database fails every poll until it is back: said once when it goes and once when
  // it returns, not on every poll. Other failures are logged each time, by code and message only.
  let databaseLost: number | undefined;
  const failed = (task: WorkerLoop) => (error: unknown) => {
    stats.errors++;
    if (isStoreUnavailable(error)) {
      if (databaseLost !== undefined) return;
      databaseLost = Date.now();
      logger.warn('database_unavailable', { event: 'database_unavailable', task, ...errorFields(error) });
      return;
    }
    logger.error('worker_task_failed', { event: 'worker_task_failed', task, ...errorFields(error) });
  };
  const succeeded =
    <T>(run: () => Promise<T>) =>
    async (): Promise<T> => {
      const outcome = await run();
      if (databaseLost !== undefined) {
        logger.info('database_available', {
          event: 'database_available',
          down_ms: Date.now() - databaseLost,
        });
        databaseLost = undefined;
      }
      return outcome;
    };

  async function deliver(): Promise<boolean> {
    const result = await deliverOutbox.execute({ batchSize, shouldStop: () => stopping });
    if (!result.ok) return false;
    const report = result.value;
    if (report.claimed > 0) stats.batches++;
    stats.emailsSent += report.sent;
    stats.emailsRetried += report.retried;
    stats.emailsFailed += report.failed;
    stats.emailsReleased += report.released;
    if (report.released > 0) {
      logger.info('outbox_released', { event: 'outbox_released', jobs: report.released, reason: 'stopping' });
    }
    // A full batch means more may be waiting; but when every send failed, the mail server is likely
    // down, and rushing through the queue would only burn everyone's attempts.
    return !stopping && report.claimed >= batchSize && report.retried < report.claimed;
  }

  async function cleanup(): Promise<void> {
    const started = Date.now();
    // The lock makes this a deployment-wide schedule: when several workers are up, one cleans.
    const outcome = await locks.withAdvisoryLock(CLEANUP_LOCK, async () => {
      const result = await useCases.runCleanup.execute({ graceDays, shouldStop: () => stopping });
      if (!result.ok) throw new Error(result.message);
      if (result.value.stopped) throw new StopRequested('the worker is stopping');
      return result.value;
    });
    if (!outcome.acquired) {
      stats.cleanupsSkipped++;
      logger.info('cleanup_skipped', { event: 'cleanup_skipped', reason: 'running_elsewhere' });
      return;
    }
    const { removedExpired, removedRevoked, resetRemoved, sessionsRemoved, jobsRemoved } = outcome.value;
    stats.cleanupsRun++;
    stats.refreshTokensRemoved += removedExpired + removedRevoked;
    stats.resetTokensRemoved += resetRemoved;
    logger.info('cleanup_done', {
      event: 'cleanup_done',
      removed_expired: removedExpired,
      removed_revoked: removedRevoked,
      removed_reset_tokens: resetRemoved,
      removed_sessions: sessionsRemoved,
      removed_outbox_jobs: jobsRemoved,
      grace_days: graceDays,
      duration_ms: Date.now() - started,
    });
  }

  function heartbeat(): Promise<void> {
    const now = Date.now();
    const since = statsSince(stats, lastBeat);
    lastBeat = { ...stats };
    logger.info('worker_heartbeat', {
      event: 'worker_heartbeat',
      pid: process.pid,
      since_ms: now - lastBeatAt,
      emails_sent: since.emailsSent,
      emails_retried: since.emailsRetried,
      emails_failed: since.emailsFailed,
      emails_released: since.emailsReleased,
      cleanups_run: since.cleanupsRun,
      cleanups_skipped: since.cleanupsSkipped,
      errors: since.errors,
    });
    lastBeatAt = now;
    return Promise.resolve();
  }

  const loops: Partial<Record<WorkerLoop, Loop>> = {};
  if (enabled.has('outbox')) {
    loops.outbox = new Loop({
      initialDelayMs: 0,
      intervalMs: pollMs,
      run: succeeded(deliver),
      onError: failed('outbox'),
    });
  }
  if (enabled.has('cleanup')) {
    loops.cleanup = new Loop({
      initialDelayMs: cleanupFirstMs,
      intervalMs: cleanupMs,
      run: succeeded(cleanup),
      onError: (error) => {
        if (error instanceof StopRequested) {
          logger.info('cleanup_interrupted', { event: 'cleanup_interrupted', reason: 'stopping' });
        } else failed('cleanup')(error);
      },
    });
  }
  if (enabled.has('heartbeat')) {
    loops.heartbeat = new Loop({
      initialDelayMs: heartbeatMs,
      intervalMs: heartbeatMs,
      run: heartbeat,
      onError: failed('heartbeat'),
    });
  }

  let started = false;
  return {
    start() {
      if (started || stopping) return;
      started = true;
      lastBeatAt = Date.now();
      logger.info('worker_started', {
        event: 'worker_started',
        pid: process.pid,
        loops: Object.keys(loops).join(','),
        batch_size: batchSize,
        outbox_poll_interval_ms: pollMs,
        cleanup_interval_ms: cleanupMs,
        heartbeat_interval_ms: heartbeatMs,
      });
      for (const loop of Object.values(loops)) loop.start();
    },
    stop() {
      stopping = true;
      stopped ??= (async () => {
        await Promise.all(Object.values(loops).map((loop) => loop.stop()));
        if (started) {
          logger.info('worker_stopped', {
            event: 'worker_stopped',
            pid: process.pid,
            emails_sent: stats.emailsSent,
            emails_released: stats.emailsReleased,
          });
        }
      })();
      return stopped;
    },
    get stats() {
      return { ...stats };
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be 0 or more`);
  return value;
}
