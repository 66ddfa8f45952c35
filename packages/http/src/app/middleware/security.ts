import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@koa/cors';
import helmet from 'helmet';
import type { AppMiddleware } from '../context.js';

/**
 * Helmet with the contract's choices spelled out rather than left to defaults: no inline script or
 * style anywhere (the docs page loads its stylesheet from this origin), never framed, no referrer,
 * and HSTS only in production, where TLS is guaranteed by the deployment.
 *
 * Helmet decides the headers; with these options they are the same for every request (no nonce),
 * so it runs once, here, against a recording response, and each request gets the recorded headers:
 * the per-request promise and closures of an Express middleware adapted to Koa cost a hot path
 * like `/me` more than the rest of its middleware together.
 */
export function securityHeaders(options: { readonly production: boolean }): AppMiddleware {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, String(value)]);
    },
    removeHeader() {
      // X-Powered-By, which Koa never sets.
    },
  };
  helmetFor(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined && error !== null) throw error;
  });
  return (ctx, next) => {
    const { res } = ctx;
    for (const [name, value] of headers) res.setHeader(name, value);
    return next();
  };
}

function helmetFor(options: { readonly production: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    xContentTypeOptions: true,
    xPoweredBy: true,
  });
}

/** Token-bearing answers must not sit in any cache; routes that may be cached say so themselves. */
export function noStore(): AppMiddleware {
  return (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    return next();
  };
}

export const CORS_EXPOSED_HEADERS = [
  'X-Request-Id',
  'Retry-After',
  'Allow',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];

/**
 * CORS for the listed origins only, and only under /api/: other origins get no CORS headers at all,
 * so browsers refuse them. Tokens travel in headers, never cookies, hence no credentials.
 */
export function corsForApi(origins: readonly string[]): AppMiddleware | null {
  if (origins.length === 0) return null;
  const allowed = new Set(origins);
  const handler = cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    allowMethods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-ID'],
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
    credentials: false,
  }) as AppMiddleware;
  return (ctx, next) => (ctx.path.startsWith('/api/') ? handler(ctx, next) : next());
}
