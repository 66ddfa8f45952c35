import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one request carries. */
export interface RequestContext {
  readonly requestId: string;
  readonly ip?: string;
}

/** Kept in async context so code far from the HTTP layer (the event log) can tag its lines. */
export const requestContext = new AsyncLocalStorage<RequestContext>();
