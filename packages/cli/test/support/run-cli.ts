import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createApplication, createLogger, loadConfig, type Application } from '@codex-auth/composition';
import { openTestDatabase } from '@codex-auth/adapters-pg/testing';
import { runCli } from '../../src/index.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export type Env = Record<string, string>;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as a user runs it: a separate process, its streams and exit code; `input` is its stdin. */
export function cli(args: string[], env: Env, input = ''): Promise<Run> {
  return run(process.execPath, ['--import', 'tsx', '--conditions=@codex-auth/source', MAIN, ...args], {
    env,
    input,
  });
}

/** The repository's root, where `pnpm cli` is run as the README shows. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * `pnpm cli …` from the repository root, exactly as the README documents it: pnpm (on PATH) and the
 * built CLI (`pnpm build`). HOME stays, for pnpm's own configuration.
 */
export function pnpmCli(args: string[], env: Env, input = ''): Promise<Run> {
  return run('pnpm', ['cli', ...args], {
    env: { HOME: process.env.HOME ?? '', ...env },
    input,
    cwd: REPO_ROOT,
  });
}

function run(file: string, args: string[], options: { env: Env; input: string; cwd?: string }): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { env: { PATH: process.env.PATH ?? '', ...options.env }, timeout: 60_000, cwd: options.cwd },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
    child.stdin?.end(options.input);
  });
}

export interface Backend {
  readonly env: Env;
  /** The embedded database admits one process at a time: such runs must not overlap. */
  readonly shared: boolean;
  dispose(): Promise<void>;
}

/** A fresh database on TEST_DATABASE_URL's server (or a Docker one), else the embedded one in a temp dir. */
export async function openBackend(prefix: string): Promise<Backend> {
  const database = await openTestDatabase(prefix);
  const env: Env = {
    DATA_DIR: database.dataDir,
    SECRET_KEY: 's'.repeat(40),
    ARGON2_MEMORY_COST: '1024',
    ARGON2_TIME_COST: '1',
  };
  if (database.url !== undefined) env.DATABASE_URL = database.url;
  return {
    env,
    shared: database.kind === 'postgres',
    dispose: () => database.dispose(),
  };
}

/** Several runs: at once where the database allows it, one after another on the embedded one. */
export async function clis(
  backend: Pick<Backend, 'env' | 'shared'>,
  runs: readonly (readonly string[])[],
  env: Env = backend.env,
): Promise<Run[]> {
  if (backend.shared) return Promise.all(runs.map((args) => cli([...args], env)));
  const results: Run[] = [];
  for (const args of runs) results.push(await cli([...args], env));
  return results;
}

/** The application in this process, for setting up and checking; closed before any CLI run. */
export async function withApp<T>(env: Env, work: (app: Application) => Promise<T>): Promise<T> {
  const app = await createApplication(loadConfig(env), {
    logger: createLogger({ level: 'error', silent: true }),
    migrate: true,
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/**
 * The same entry point in this process (`main.ts` only adds the real streams and exit code): for the
 * many variations of a command, where a process per case would cost a second and a half each.
 */
export async function runInProcess(
  args: string[],
  env: Env,
  options: { stdout?: boolean; stderr?: boolean; columns?: number; input?: string } = {},
): Promise<Run> {
  const stdout = capture(options.stdout === true, options.columns ?? 100);
  const stderr = capture(options.stderr === true, options.columns ?? 100);
  const stdin = new PassThrough();
  stdin.end(options.input ?? '');
  const code = await runCli(args, { stdout, stderr, stdin, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A stream that keeps what is written; one that says it is a terminal `columns` wide, if asked. */
function capture(
  isTTY: boolean,
  columns: number,
): PassThrough & { isTTY?: boolean; columns?: number; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = Object.assign(new PassThrough(), { text: () => Buffer.concat(chunks).toString() });
  stream.on('data', (c: Buffer) => chunks.push(c));
  return isTTY ? Object.assign(stream, { isTTY: true, columns }) : stream;
}
