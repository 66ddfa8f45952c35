import type { ParameterizedContext, Middleware } from 'koa';

/** What the outer middleware leaves on `ctx.state` for the rest of the request. */
export interface AppState {
  requestId: string;
  /** The client's address as the rate limits and the session records see it. */
  clientIp: string;
  /** Set once the timeout has answered: late work must not touch the response. */
  timedOut?: boolean;
}

export type AppContext = ParameterizedContext<AppState>;
export type AppMiddleware = Middleware<AppState>;
