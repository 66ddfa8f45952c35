import type { Logger } from '@codex-auth/composition';
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
 * Every failure leaves as a problem document. Expected ones (HttpProblem) as they are; anything else
 * is a bug or an infrastructure fault: logged with its stack, answered with a generic 500 that shows
 * no exception text, SQL or stack to the client.
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
      logInternalError(logger, error);
      renderProblem(ctx, new HttpProblem('internal_error'));
    }
  };
}

export function logInternalError(logger: Logger, error: unknown): void {
  try {
    const err = error instanceof Error ? error : new Error(String(error));
    logger.error('internal_error', { event: 'internal_error', error: err.message, stack: err.stack });
  } catch {
    // Nothing left to tell.
  }
}
