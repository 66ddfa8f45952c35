import koaRatelimit from 'koa-ratelimit';
import type { Redis } from 'ioredis';
import type { AppContext, AppMiddleware } from '../context.js';

/**
 * koa-ratelimit's options as this package uses them. Its published types name the ioredis 4
 * client; the middleware only calls `defineCommand` and a Lua script, which ioredis 6 has too.
 */
export interface KoaRatelimitOptions {
  readonly driver: 'memory' | 'redis';
  readonly db: Map<string, unknown> | Redis;
  readonly duration: number;
  readonly max: number;
  readonly namespace: string;
  readonly id: (ctx: AppContext) => string;
  readonly throw: false;
  readonly headers: { readonly remaining: string; readonly reset: string; readonly total: string };
}

export const ratelimit = koaRatelimit as unknown as (options: KoaRatelimitOptions) => AppMiddleware;
