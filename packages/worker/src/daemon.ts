import {
  ConfigError,
  loadConfig,
  startApplication,
  type Application,
  type Config,
} from '@codex-auth/composition';
import { createWorker } from './worker.js';

/**
 * A stop signal gets this long for the email in hand and an interrupted cleanup; then the application
 * closes (with its own budget), so the process is gone well within the 10 s a supervisor waits.
 */
export const STOP_BUDGET_MS = 7000;
const CLOSE_BUDGET_MS = 1500;

export interface DaemonIo {
  readonly stderr: NodeJS.WritableStream;
  /** Resolves with the signal's name when the process is asked to stop (`main.ts`: SIGTERM or SIGINT). */
  readonly stopSignal: () => Promise<string>;
}

/**
 * The worker process: reads the configuration, refuses what cannot work, runs the loops until a stop
 * signal, and stops gracefully. Resolves to the exit code.
 */
export async function runDaemon(
  env: Readonly<Record<string, string | undefined>>,
  io: DaemonIo,
): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`${message}\n`);
    return 1;
  };
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  const missing = [
    ...(config.production && config.mail.smtpUrl === undefined
      ? ['SMTP_URL: required in production to run the worker (otherwise no email would ever leave)']
      : []),
    ...(config.mail.appBaseUrl === undefined
      ? ['APP_BASE_URL: required in production to run the worker (reset links are built on it)']
      : []),
  ];
  if (missing.length > 0) {
    return fail(`invalid configuration:\n${missing.map((p) => `  - ${p}`).join('\n')}`);
  }

  // A stop asked for while the application starts is honoured as soon as it has.
  let requested: string | undefined;
  const stopping = new AbortController();
  const stopRequested = io.stopSignal().then((signal) => {
    requested = signal;
    stopping.abort();
    return signal;
  });

  let app: Application;
  try {
    // The embedded database has no release step to migrate it; Postgres is migrated by `codex-auth
    // migrate`, and a worker on an unmigrated database refuses to start, as the web process does:
    // its loops would only fail on every poll. An unreachable database is waited for
    // (DATABASE_STARTUP_TIMEOUT), so a worker started alongside its database comes up by itself.
    app = await startApplication(config, {
      migrate: config.database.url === undefined,
      signal: stopping.signal,
    });
  } catch (error) {
    // Stopped while waiting for the database: nothing was started, nothing is wrong.
    if (requested !== undefined) return 0;
    // A StartupError's message is written for the operator: one line, no stack.
    return fail(
      `error: the worker could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const { logger } = app;
  if (app.storage.kind === 'embedded') {
    logger.warn('worker_embedded_database', {
      event: 'worker_embedded_database',
      // Through the web process's socket it works, but does what the web process already does.
      detail:
        'the web process runs these loops itself on the embedded database: a separate worker is for DATABASE_URL ' +
        '(started before the web process, it keeps the web process from opening the database)',
      location: app.storage.location,
    });
  }

  if (requested !== undefined) {
    await within(CLOSE_BUDGET_MS, app.close());
    return 0;
  }
  const worker = createWorker(app);
  worker.start();
  const signal = await stopRequested;
  logger.info('worker_stopping', { event: 'worker_stopping', signal, pid: process.pid });
  if (!(await within(STOP_BUDGET_MS, worker.stop()))) {
    // Whatever is still in hand is leased: another worker sends it once the lease lapses.
    logger.warn('worker_stop_timeout', { event: 'worker_stop_timeout', budget_ms: STOP_BUDGET_MS });
  }
  if (!(await within(CLOSE_BUDGET_MS, app.close()))) {
    logger.warn('worker_close_timeout', { event: 'worker_close_timeout', budget_ms: CLOSE_BUDGET_MS });
  }
  return 0;
}

/** True when `work` settles within `ms`; its failure counts as settled, since we are stopping anyway. */
async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
