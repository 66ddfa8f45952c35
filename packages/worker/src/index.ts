export {
  createWorker,
  DEFAULT_BATCH_SIZE,
  type Worker,
  type WorkerApplication,
  type WorkerLoop,
  type WorkerOptions,
} from './worker.js';
export type { WorkerStats } from './stats.js';
export { runDaemon, STOP_BUDGET_MS, type DaemonIo } from './daemon.js';
