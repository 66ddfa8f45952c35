#!/usr/bin/env node
/**
 * The web process: `pnpm start`, the Procfile's `web:`. With WEB_CONCURRENCY > 1 the primary forks
 * that many workers (node:cluster) sharing the port; each serves the app. SIGTERM/SIGINT drain.
 * On the embedded database (single-process) it also runs the worker's loops: emails and clean-up;
 * and it serves that database to the CLI and the worker over a private Unix socket (`start.ts`).
 */
// First: exits with one line on a Node older than `engines`, before argon2's binary can crash it.
import '@codex-auth/composition/node-version-gate';
import cluster from 'node:cluster';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { ConfigError, ensureDevelopmentAdmin, loadConfig, type Config } from '@codex-auth/composition';
import { createHttpApp, createHttpServer, handlersSettled, httpDependencies } from '@codex-auth/http';
import { banner, fail, openWebApplication as startApplication } from './start.js';

/** In-flight requests get this long to finish after a stop signal; then connections are cut. */
const DRAIN_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function serve(config: Config, showBanner: boolean): Promise<void> {
  // Listening from the start, as the worker does: a stop asked for while the process starts (a
  // `pnpm dev` restart at the next save, a deploy) ends a wait for the database at once, or is kept
  // until the application has opened and then drains as usual, instead of killing the process with
  // the embedded database half written and its lock left behind.
  const starting = new AbortController();
  let onStop = (signal: NodeJS.Signals) => starting.abort(signal);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => onStop(signal));
  const app = await startApplication(config, starting.signal);
  const admin = showBanner ? await ensureDevelopmentAdmin(app) : null;
  const http = createHttpApp(httpDependencies(app));
  // Its timeouts come from the config; Node's parser errors answer problem+json like the app's.
  const server: Server = createHttpServer(http, { config, logger: app.logger });
  // PGlite is one process: no separate worker can open it, so this process runs the worker's loops.
  // Loaded only then: a web process on Postgres never runs them (docs/performance.md).
  const worker =
    app.storage.kind === 'embedded' ? (await import('@codex-auth/worker')).createWorker(app) : null;
  worker?.start();
  server.listen(config.http.port, config.http.host);
  await once(server, 'listening');
  if (showBanner) banner(config, app, admin);
  app.logger.info('web_started', { event: 'web_started', pid: process.pid, port: config.http.port });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info('web_stopping', { event: 'web_stopping', signal, pid: process.pid });
    const deadline = Date.now() + DRAIN_MS;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    await closed;
    clearTimeout(cut);
    // Connections are gone, but a handler whose client hung up may still be running: the database
    // stays open until it has finished (bounded by the same drain time).
    const left = Math.max(0, deadline - Date.now());
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([
      handlersSettled(server),
      new Promise((resolve) => (giveUp = setTimeout(resolve, left))),
    ]);
    clearTimeout(giveUp);
    await worker?.stop();
    await http.close?.();
    await app.close();
    app.logger.info('web_stopped', { event: 'web_stopped', pid: process.pid });
    // Explicitly: everything is closed, but a cluster worker's channel to its primary would keep
    // the process alive.
    process.exit(0);
  };
  onStop = (signal) => {
    stop(signal).catch((error: unknown) => {
      app.logger.error('web_stop_failed', { error: (error as Error).message });
      process.exit(1);
    });
  };
  if (starting.signal.aborted) onStop(starting.signal.reason as NodeJS.Signals);
}

async function primary(config: Config): Promise<void> {
  // The development admin is made once, here, not by every worker racing each other.
  const app = await startApplication(config);
  const admin = await ensureDevelopmentAdmin(app);
  banner(config, app, admin);
  await app.close();
  for (let i = 0; i < config.http.webConcurrency; i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    // A worker that drained and exited 0 was told to stop (Ctrl-C signals the whole process group,
    // often before this process has handled its own copy): not a crash, so no replacement.
    const drained = code === 0 && signal === null;
    if (!stopping && !drained) {
      process.stderr.write(`web worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) {
      process.exit(0);
    }
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
}

const config = readConfig();
if (config.http.webConcurrency > 1 && config.database.url === undefined) {
  fail('WEB_CONCURRENCY > 1 needs DATABASE_URL: the embedded database is single-process');
}
if (config.http.webConcurrency > 1 && cluster.isPrimary) await primary(config);
else await serve(config, cluster.isPrimary);
