import type { Logger } from '@codex-auth/composition';
import { isStoreUnavailable } from '@codex-auth/domain';
import type { AppMiddleware } from '../context.js';
import { HttpProblem } from '../problem.js';
import { logInternalError, unavailable } from './errors.js';

const TIMED_OUT = Symbol('timed out');

/**
 * Answers 503 when the rest of the request takes longer than `ms`, so a stuck database does not
 * hold clients forever. The work itself cannot be cancelled and finishes in the background: its
 * outcome is discarded (a transaction it started still commits or rolls back on its own).
 */
export function requestTimeout(ms: number, logger: Logger): AppMiddleware {
  return async (ctx, next) => {
    let timer: NodeJS.Timeout | undefined;
    const work = next();
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(resolve, ms, TIMED_OUT);
    });
    try {
      const outcome = await Promise.race([work, deadline]);
      if (outcome !== TIMED_OUT) return;
    } finally {
      clearTimeout(timer);
    }
    ctx.state.timedOut = true;
    // The late outcome has nobody to go to; a late failure still deserves a log line.
    work.catch((error: unknown) => {
      if (error instanceof HttpProblem) return;
      if (isStoreUnavailable(error)) unavailable(logger, error);
      else logInternalError(logger, error);
    });
    logger.warn('request_timeout', { event: 'request_timeout', timeout_ms: ms });
    throw new HttpProblem('request_timeout', { headers: { 'Retry-After': '1' } });
  };
}
