import type { Application } from '@codex-auth/composition';
import type { UserView } from '@codex-auth/domain';
import type { CliIo } from './io.js';
import { valueOf } from './outcome.js';

/**
 * Builds the application for one command and closes it afterwards. Log lines go to stderr, so
 * stdout carries only the command's output (JSON stays machine-readable). The composition is loaded
 * only here: help and usage errors answer without loading the database drivers.
 */
export async function withApplication<T>(io: CliIo, work: (app: Application) => Promise<T>): Promise<T> {
  const { createApplication, createLogger, loadConfig } = await import('@codex-auth/composition');
  const config = loadConfig(io.env);
  const logger = createLogger({ level: config.logLevel === 'debug' ? 'debug' : 'warn', stream: io.stderr });
  const app = await createApplication(config, { logger, migrate: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** The account with this email (normalised by the domain), or a CliFailure naming the email. */
export async function userByEmail(app: Application, email: string): Promise<UserView> {
  return valueOf(await app.useCases.getUser.execute({ email }), email);
}
