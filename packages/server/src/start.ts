/**
 * The web process's start-up steps, kept out of main.ts: opening the application (with the database
 * retried for DATABASE_STARTUP_TIMEOUT) and the start banner.
 */
import {
  startApplication,
  StartupError,
  type Application,
  type Config,
  type DevelopmentAdmin,
} from '@codex-auth/composition';

/** One clear line on stderr, exit 1: for every way the web process can refuse to start. */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * The application once its database answers with an up to date schema; otherwise the process ends
 * with one line saying why. `signal` (a stop asked for) ends the wait for the database, and the process.
 */
export async function openWebApplication(config: Config, signal?: AbortSignal): Promise<Application> {
  try {
    // Production migrates in a release step (Procfile `release:`); the embedded database has no such
    // step, so it is migrated here. It is also served to the CLI and the worker while this runs.
    return await startApplication(config, {
      migrate: config.database.url === undefined,
      shareEmbedded: true,
      signal,
    });
  } catch (error) {
    // Stopped while waiting for the database: nothing was started, nothing is wrong.
    if (signal?.aborted === true) process.exit(0);
    if (error instanceof StartupError) fail(`error: the web process could not start: ${error.message}`);
    throw error;
  }
}

/**
 * Where the server listens and where its docs are. In production stdout carries JSON lines only, so
 * there it is a `web_listening` log event; in development, a banner for people (plus, once, the
 * generated development admin, which production never has).
 */
export function banner(config: Config, app: Application, admin: DevelopmentAdmin | null): void {
  const where = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${config.http.port}`;
  if (config.production) {
    app.logger.info('web_listening', {
      event: 'web_listening',
      url: where,
      docs: `${where}/api/v1/docs`,
      database: app.storage.kind,
      database_location: app.storage.location,
    });
    return;
  }
  const lines = [
    `Codex Auth listening on ${where} (${app.storage.kind} database: ${app.storage.location})`,
    `API docs: ${where}/api/v1/docs`,
  ];
  // Where the emails of a development set-up without SMTP_URL can be read (and clicked).
  if (app.devMailbox !== undefined && config.mail.smtpUrl === undefined)
    lines.push(`Emails (development mailbox): ${where}/dev/mail`);
  // The one place the generated password is shown: the terminal of whoever started the server.
  if (admin !== null) lines.push(`Development admin (shown once): ${admin.email} / ${admin.password}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
