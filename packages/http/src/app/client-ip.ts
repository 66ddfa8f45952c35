import { isIP } from 'node:net';
import type Koa from 'koa';

/**
 * Lets Koa read `X-Forwarded-For` only when proxies are trusted, and then only the `hops` entries
 * they appended (the rightmost), so a client cannot choose its own address by sending the header.
 */
export function trustProxies(app: Koa, hops: number): void {
  app.proxy = hops > 0;
  app.maxIpsCount = hops;
}

/**
 * The address Koa computed, checked: a forwarded value that is not an IP falls back to the socket's
 * (it would otherwise be stored with the session and counted by the rate limits).
 */
export function clientIp(ctx: {
  readonly ip: string;
  readonly socket: { readonly remoteAddress?: string | undefined };
}): string {
  const candidate = normalize(ctx.ip);
  if (isIP(candidate) !== 0) return candidate;
  return normalize(ctx.socket.remoteAddress ?? '') || 'unknown';
}

// Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; one client should have one key.
function normalize(ip: string): string {
  const trimmed = ip.trim();
  return trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}
