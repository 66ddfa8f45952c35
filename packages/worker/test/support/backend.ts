import { Writable } from 'node:stream';
import {
  createApplication,
  createLogger,
  loadConfig,
  type Application,
  type Logger,
} from '@codex-auth/composition';
import { openTestDatabase } from '@codex-auth/adapters-pg/testing';
import { databaseOf } from '@codex-auth/composition/testing';

export type Env = Record<string, string>;

/** Cheap hashing and a fixed secret; each test adds SMTP_URL and what else it needs. */
export const BASE_ENV: Readonly<Env> = {
  NODE_ENV: 'test',
  SECRET_KEY: 'worker-test-secret-key-0123456789-abcdefghijklmnop',
  ARGON2_MEMORY_COST: '1024',
  ARGON2_TIME_COST: '1',
  LOG_LEVEL: 'debug',
  APP_BASE_URL: 'https://app.example.test',
};

export interface Backend {
  readonly kind: 'postgres' | 'embedded';
  /** DATABASE_URL or DATA_DIR (and the base settings): what a process of ours needs to find the data. */
  readonly env: Env;
  dispose(): Promise<void>;
}

/**
 * A fresh, empty database (`openTestDatabase`): a new one on the test server, else the embedded
 * database in a temporary DATA_DIR (one process at a time).
 */
export async function openBackend(prefix: string): Promise<Backend> {
  const database = await openTestDatabase(prefix);
  return {
    kind: database.kind,
    env: {
      ...BASE_ENV,
      DATA_DIR: database.dataDir,
      ...(database.url === undefined ? {} : { DATABASE_URL: database.url, DATABASE_POOL_MAX: '4' }),
    },
    dispose: () => database.dispose(),
  };
}

export type LogLine = Record<string, unknown> & { message: string; level: string };

/** A JSON-lines logger whose lines the test can read. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine);
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', stream }), lines };
}

export async function openApplication(env: Env, logger?: Logger): Promise<Application> {
  return createApplication(loadConfig(env), {
    logger: logger ?? createLogger({ level: 'error', silent: true }),
    migrate: true,
  });
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Approved users, each with one reset email waiting in the outbox. Returns their emails. */
export async function queueResetEmails(app: Application, count: number, prefix = 'user'): Promise<string[]> {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${prefix}${i}@example.test`;
    const created = await app.useCases.createUser.execute({ email, password: 'a long enough password 1' });
    if (!created.ok) throw new Error(`could not create ${email}: ${created.message}`);
    await app.useCases.requestPasswordReset.execute({ email });
    emails.push(email);
  }
  return emails;
}

export interface OutboxCounts {
  readonly pending: number;
  readonly done: number;
  readonly failed: number;
}

export async function outboxCounts(app: Application): Promise<OutboxCounts> {
  const rows = await databaseOf(app).knex('outbox').select('done_at', 'failed_at');
  return {
    pending: rows.filter(
      (r: { done_at: unknown; failed_at: unknown }) => r.done_at === null && r.failed_at === null,
    ).length,
    done: rows.filter((r: { done_at: unknown }) => r.done_at !== null).length,
    failed: rows.filter((r: { failed_at: unknown }) => r.failed_at !== null).length,
  };
}
