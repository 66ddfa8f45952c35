import cors from '@koa/cors';
import helmet from 'koa-helmet';
import type { AppMiddleware } from '../context.js';

/**
 * Helmet with the contract's choices spelled out rather than left to defaults: no inline script or
 * style anywhere (the docs page loads its stylesheet from this origin), never framed, no referrer,
 * and HSTS only in production, where TLS is guaranteed by the deployment.
 */
export function securityHeaders(options: { readonly production: boolean }): AppMiddleware {
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
  }) as AppMiddleware;
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
