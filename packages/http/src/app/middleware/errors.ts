import { errorFields, type Logger } from '@codex-auth/composition';
import { isStoreUnavailable } from '@codex-auth/domain';
import type { AppContext, AppMiddleware } from '../context.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemDocument } from '../problem.js';

/** Writes a problem document as the response, replacing whatever was there. */
export function renderProblem(ctx: AppContext, problem: HttpProblem): void {
  if (ctx.headerSent) return;
  ctx.status = problem.status;
  for (const [name, value] of Object.entries(problem.headers)) ctx.set(name, value);
  ctx.body = problemDocument(problem, { path: ctx.path, requestId: ctx.state.requestId });
  ctx.type = PROBLEM_CONTENT_TYPE;
}

/**
 * What a client is told to wait when the database is unreachable: the pool opens a fresh connection
 * on the next request, so service resumes within moments of the database coming back.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** A store behind a port (the database) cannot be reached: 503, and a warning without a stack. */
export function unavailable(logger: Logger, error: unknown): HttpProblem {
  try {
    logger.warn('service_unavailable', { event: 'service_unavailable', ...errorFields(error) });
  } catch {
    // The answer matters more than the line.
  }
  return new HttpProblem('service_unavailable', {
    headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
  });
}

/**
 * Every failure leaves as a problem document. Expected ones (HttpProblem) as they are; an unreachable
 * database is a 503 with Retry-After; anything else is a bug or an infrastructure fault: logged with
 * its stack, answered with a generic 500 that shows no exception text, SQL or stack to the client.
 */
export function errorHandler(logger: Logger): AppMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof HttpProblem) {
        renderProblem(ctx, error);
        return;
      }
      if (isStoreUnavailable(error)) {
        renderProblem(ctx, unavailable(logger, error));
        return;
      }
      logInternalError(logger, error);
      renderProblem(ctx, new HttpProblem('internal_error'));
    }
  };
}

export function logInternalError(logger: Logger, error: unknown): void {
  try {
    const err = error instanceof Error ? error : new Error(String(error));
    logger.error('internal_error', { event: 'internal_error', ...errorFields(err), stack: err.stack });
  } catch {
    // Nothing left to tell.
  }
}
