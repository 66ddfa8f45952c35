import type { Logger } from '@codex-auth/composition';
import type { AppContext, AppMiddleware } from '../context.js';

// Paths are logged, and a path is whatever the client sent: bound it.
const MAX_LOGGED_PATH = 512;

/**
 * One line per request, written when the answer is known. Deliberately no headers, query string or
 * body: they are where tokens, passwords and emails travel.
 */
export function accessLog(logger: Logger): AppMiddleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const level = ctx.status >= 500 ? 'warn' : 'info';
      // At LOG_LEVEL=warn (production under load) most lines are dropped: skip building them.
      if (logger.isLevelEnabled(level)) logLine(logger, level, ctx, started);
    }
  };
}

function logLine(logger: Logger, level: 'warn' | 'info', ctx: AppContext, started: bigint): void {
  const fields = {
    event: 'http_request',
    method: ctx.method,
    path: ctx.path.slice(0, MAX_LOGGED_PATH),
    status: ctx.status,
    duration_ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    ip: ctx.state.clientIp,
    request_id: ctx.state.requestId,
  };
  try {
    logger.log(level, 'http_request', fields);
  } catch {
    // A failing log must not turn an answered request into an error.
  }
}
