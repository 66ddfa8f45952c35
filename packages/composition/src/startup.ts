import { isStoreUnavailable } from '@codex-auth/domain';
import type { Config } from './config.js';
import { createApplication, type Application, type ApplicationOptions } from './container.js';
import { errorFields } from './logging.js';

/** Why a process could not start, in one line for its operator. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface StartOptions extends ApplicationOptions {
  /** Waits between attempts; tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Ends the retries (a stop signal during start-up): the call then rejects with a StartupError. */
  readonly signal?: AbortSignal;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

/**
 * The application of a long-running process (web, worker), once its database answers with an up to
 * date schema. An unreachable database is retried with backoff for `DATABASE_STARTUP_TIMEOUT`
 * (one `database_unreachable` log line per failed attempt), so a process started alongside its
 * database, or during a database restart, comes up by itself instead of crash-looping. Throws a
 * StartupError when the database stays away, or when migrations are pending: running them is a
 * release step (`codex-auth migrate`), not something two processes should race to do.
 */
export async function startApplication(config: Config, options: StartOptions = {}): Promise<Application> {
  const { signal } = options;
  const sleep =
    options.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }));
  const now = options.now ?? Date.now;
  const deadline = now() + config.database.startupTimeoutMs;
  // Opening does not touch Postgres (the pool connects lazily); the embedded database opens here.
  const app = await createApplication(config, options);
  try {
    for (let attempt = 1, delay = FIRST_RETRY_MS; ; attempt++, delay = Math.min(delay * 2, MAX_RETRY_MS)) {
      let pending: readonly string[];
      try {
        ({ pending } = await app.schema.migrationStatus());
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        const left = deadline - now();
        const wait = Math.min(delay, left);
        app.logger.warn('database_unreachable', {
          event: 'database_unreachable',
          attempt,
          ...errorFields(error),
          ...(wait > 0 ? { retry_in_ms: wait } : { giving_up: true }),
        });
        if (wait <= 0) {
          throw new StartupError(
            `the database (${app.storage.location}) did not answer within ${config.database.startupTimeoutMs / 1000} s (DATABASE_STARTUP_TIMEOUT): ${error.message}`,
          );
        }
        if (signal?.aborted !== true) await sleep(wait);
        if (signal?.aborted === true) throw new StartupError('stopped while waiting for the database');
        continue;
      }
      if (pending.length > 0) {
        throw new StartupError(
          `the database schema is not up to date (${pending.length} pending migrations): run \`codex-auth migrate\` (pnpm cli migrate) first`,
        );
      }
      if (attempt > 1) app.logger.info('database_reachable', { event: 'database_reachable', attempt });
      return app;
    }
  } catch (error) {
    await app.close();
    throw error;
  }
}
