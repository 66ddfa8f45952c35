import type { Application, Config, Logger } from '@codex-auth/composition';
import type { DevMailbox, UseCases, WindowCounters } from '@codex-auth/domain';
import Koa from 'koa';
import { trustProxies } from './client-ip.js';
import type { AppState } from './context.js';
import { accessLog } from './middleware/access-log.js';
import { errorHandler, logInternalError } from './middleware/errors.js';
import { requestId } from './middleware/request-id.js';
import { corsForApi, noStore, securityHeaders } from './middleware/security.js';
import { requestTimeout } from './middleware/timeout.js';
import { createRouter, notFoundOrNotAllowed } from './router.js';
import { authRoutes } from './routes/auth-routes.js';
import { devRoutes } from './routes/dev-routes.js';
import { docsRoutes, healthRoutes } from './routes/meta-routes.js';
import { userRoutes } from './routes/user-routes.js';

export interface HttpAppDependencies {
  readonly config: Config;
  readonly useCases: UseCases;
  readonly logger: Logger;
  /** Whether the database answers, for GET /api/v1/health. Should not throw (a throw counts as down). */
  readonly ping: () => Promise<boolean>;
  /**
   * Where the per-client-ip limits count: the application's counters (Redis when `REDIS_URL` is
   * set, else memory), where the use cases count failed attempts per account too.
   */
  readonly counters: WindowCounters;
  /**
   * The emails saved instead of sent, served at `/dev/mail` outside production. Ignored in
   * production: the page is not registered there at all, whatever is passed.
   */
  readonly devMailbox?: DevMailbox | undefined;
}

/** A Koa application plus the release of what it opened itself (nothing today: kept for callers). */
export interface HttpApp extends Koa<AppState> {
  close(): Promise<void>;
}

export const API_VERSION = '1.0.0';

/** The dependencies from a composed Application: what the web process passes. */
export function httpDependencies(application: Application): HttpAppDependencies {
  return {
    config: application.config,
    useCases: application.useCases,
    logger: application.logger,
    ping: () => application.storage.ping(),
    counters: application.counters,
    devMailbox: application.devMailbox,
  };
}

/**
 * The HTTP API of docs/api.md as a Koa application. It does not listen: `app.listen(port)` or
 * `http.createServer(app.callback())` is the caller's (see main.ts).
 */
export function createHttpApp(deps: HttpAppDependencies): HttpApp {
  const { config, logger } = deps;
  const { useCases } = deps;

  const apiRoutes = [...healthRoutes(deps), ...authRoutes({ useCases, logger }), ...userRoutes({ useCases })];
  // Development pages join the router only: the document and the docs page describe the API alone.
  const development =
    !config.production && deps.devMailbox !== undefined
      ? devRoutes({ devMailbox: deps.devMailbox, smtpInUse: config.mail.smtpUrl !== undefined })
      : [];
  const routes = [...apiRoutes, ...docsRoutes(apiRoutes, { version: API_VERSION }), ...development];
  const router = createRouter(routes, { config, useCases, logger, counters: deps.counters });

  const app = new Koa<AppState>({ env: config.env }) as HttpApp;
  trustProxies(app, config.http.trustProxyHops);
  // Everything is answered by errorHandler; whatever escapes it still gets a line, never console.
  app.silent = true;
  app.on('error', (error: unknown) => logInternalError(logger, error));

  app.use(requestId());
  app.use(accessLog(logger));
  app.use(securityHeaders({ production: config.production }));
  app.use(errorHandler(logger));
  app.use(requestTimeout(config.http.requestTimeoutMs, logger));
  const cors = corsForApi(config.http.corsOrigins);
  if (cors !== null) app.use(cors);
  app.use(noStore());
  app.use(router.routes());
  app.use(notFoundOrNotAllowed());

  app.close = () => Promise.resolve();
  return app;
}
