import { randomUUID } from 'node:crypto';
import { requestContext } from '@codex-auth/composition';
import { clientIp } from '../client-ip.js';
import type { AppMiddleware } from '../context.js';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's id is kept when harmless, so traces join up across services; otherwise a fresh one. */
export function requestIdFrom(header: string): string {
  return VALID_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Outermost: names the request, answers with the name, and runs everything after it inside the
 * request context, so every log line of the request (domain events included) carries the id.
 */
export function requestId(): AppMiddleware {
  return (ctx, next) => {
    const id = requestIdFrom(ctx.get('X-Request-ID'));
    const ip = clientIp(ctx);
    ctx.state.requestId = id;
    ctx.state.clientIp = ip;
    ctx.set('X-Request-Id', id);
    return requestContext.run({ requestId: id, ip }, () => next());
  };
}
