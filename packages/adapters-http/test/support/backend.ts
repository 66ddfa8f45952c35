import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication, loadConfig, type Application, type Logger } from '@codex-auth/composition';
import { databaseOf } from '@codex-auth/composition/testing';

/** A stable 48-byte test secret: the app never writes one into DATA_DIR. */
export const TEST_SECRET_KEY = 'test-secret-key-for-the-http-acceptance-suite-0123456789';

/** Cheap hashing, generous limits; suites that test a limit set their own. */
export const BASE_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'test',
  SECRET_KEY: TEST_SECRET_KEY,
  ARGON2_MEMORY_COST: '1024',
  ARGON2_TIME_COST: '1',
  LOG_LEVEL: 'debug',
  LOGIN_RATE_LIMIT: '10000/minute',
  LOGIN_EMAIL_RATE_LIMIT: '10000/15minutes',
  FORGOT_PASSWORD_RATE_LIMIT: '10000/minute',
  REGISTER_RATE_LIMIT: '10000/hour',
  REFRESH_RATE_LIMIT: '10000/minute',
};

export const BACKEND = process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite';

export interface OpenedApplication {
  readonly application: Application;
  dispose(): Promise<void>;
}

/**
 * A migrated, empty database behind a composed Application: a new database with a random name on
 * TEST_DATABASE_URL's server (dropped afterwards), or, without one, the embedded PGlite in a
 * temporary DATA_DIR, so the suite needs nothing installed.
 */
export async function openApplication(
  env: Readonly<Record<string, string>>,
  logger: Logger,
): Promise<OpenedApplication> {
  const dataDir = await mkdtemp(join(tmpdir(), 'codex-http-'));
  const serverUrl = process.env['TEST_DATABASE_URL'];
  let drop = async (): Promise<void> => undefined;
  let databaseUrl: string | undefined;
  if (serverUrl !== undefined && serverUrl !== '') {
    const name = `codex_http_test_${randomBytes(6).toString('hex')}`;
    await onServer(serverUrl, dataDir, logger, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    // FORCE: a pool still winding down must not keep the database alive.
    drop = () => onServer(serverUrl, dataDir, logger, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const config = loadConfig({
    ...BASE_ENV,
    DATA_DIR: dataDir,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: '5' }),
    ...env,
  });
  const application = await createApplication(config, { logger, migrate: true });
  return {
    application,
    async dispose() {
      await application.close();
      await drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// The server's own database, reached through the composition (this package may not import the
// Postgres adapter): used only to create and drop the suite's database.
async function onServer(serverUrl: string, dataDir: string, logger: Logger, sql: string): Promise<void> {
  const admin = await createApplication(
    loadConfig({ ...BASE_ENV, DATA_DIR: dataDir, DATABASE_URL: serverUrl, DATABASE_POOL_MAX: '1' }),
    { logger, migrate: false },
  );
  try {
    await databaseOf(admin).knex.raw(sql);
  } finally {
    await admin.close();
  }
}
