import { createApplication, loadConfig, type Application, type Logger } from '@codex-auth/composition';
import { openTestDatabase } from '@codex-auth/adapters-pg/testing';

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
 * A migrated, empty database behind a composed Application: `openTestDatabase`'s new database on
 * the test server (dropped afterwards), or, without one, the embedded PGlite in a temporary DATA_DIR,
 * so the suite needs nothing installed.
 */
export async function openApplication(
  env: Readonly<Record<string, string>>,
  logger: Logger,
): Promise<OpenedApplication> {
  const database = await openTestDatabase('codex-http-test');
  const { dataDir, url: databaseUrl } = database;
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
      await database.dispose();
    },
  };
}
