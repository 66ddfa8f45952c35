/** Command line and environment of `pnpm bench`, and what each mode runs. Pure. */
import { parseArgs } from 'node:util';

export interface ModeSettings {
  readonly mode: 'short' | 'full';
  /** Seconds of load per HTTP scenario. */
  readonly seconds: number;
  /** Seconds of unmeasured load before /me runs (JIT, pools, caches). */
  readonly warmUpSeconds: number;
  readonly users: number;
  /** Users for the admin list at scale; null: not run. */
  readonly bigUsers: number | null;
  /** Sessions whose refresh tokens the logout scenario spends, one per request. */
  readonly logoutSessions: number;
  /** Expired refresh tokens the clean-up scenario deletes. */
  readonly expiredTokens: number;
  /** Logins before the idle-RSS reading; null: the login scenario runs for `seconds`. */
  readonly logins: number | null;
  readonly connections: number;
}

export interface Options extends ModeSettings {
  readonly json: boolean;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /**
   * `procfile`: the server gets the variables the Procfile's `web:` line sets before `node` (the
   * allocator setting), as every deployment starts it. `default`: without them, for a before/after.
   */
  readonly allocator: 'procfile' | 'default';
}

export const SHORT: ModeSettings = {
  mode: 'short',
  seconds: 3,
  warmUpSeconds: 1,
  users: 10_000,
  bigUsers: null,
  logoutSessions: 2_000,
  expiredTokens: 100_000,
  logins: null,
  connections: 10,
};

export const FULL: ModeSettings = {
  mode: 'full',
  seconds: 10,
  warmUpSeconds: 2,
  users: 10_000,
  bigUsers: 1_000_000,
  logoutSessions: 10_000,
  expiredTokens: 1_000_000,
  logins: 2_000,
  connections: 10,
};

export const USAGE = `usage: pnpm bench [--short] [--json]
  --short   the short mode (under 2 minutes); the full mode takes 10–15 minutes
  --json    one JSON document on stdout instead of the table
environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; the bench creates
  and drops a database of its own there), BENCH_REDIS_URL (default redis://127.0.0.1:6379/15, for the
  WEB_CONCURRENCY=2 run), BENCH_MODE=short|full, BENCH_JSON=1, BENCH_SECONDS (override the load time),
  BENCH_ALLOCATOR=default (start the server without the Procfile's allocator setting, to compare)`;

/** Throws an Error whose message is for the user on unknown flags or values. */
export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      short: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const modeName = values.short ? 'short' : values.full ? 'full' : (env['BENCH_MODE'] ?? 'full');
  if (modeName !== 'short' && modeName !== 'full')
    throw new Error(`BENCH_MODE must be short or full\n${USAGE}`);
  let settings = modeName === 'short' ? SHORT : FULL;
  const seconds = env['BENCH_SECONDS'];
  if (seconds !== undefined && seconds !== '') {
    const n = Number(seconds);
    if (!(n > 0 && n <= 600)) throw new Error('BENCH_SECONDS must be a number of seconds from 0 to 600');
    settings = { ...settings, seconds: n, warmUpSeconds: Math.min(settings.warmUpSeconds, n) };
  }
  const allocator = env['BENCH_ALLOCATOR'] || 'procfile';
  if (allocator !== 'procfile' && allocator !== 'default')
    throw new Error(`BENCH_ALLOCATOR must be procfile or default\n${USAGE}`);
  return {
    ...settings,
    allocator,
    json: values.json || env['BENCH_JSON'] === '1',
    databaseUrl: env['BENCH_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env['BENCH_REDIS_URL'] || 'redis://127.0.0.1:6379/15',
  };
}

/**
 * The variables a Procfile line sets with a leading `env NAME=value …` before `node`, for `process`
 * (`web`, `worker`): what a deployment starts that process with.
 */
export function procfileEnvironment(procfile: string, process: string): Record<string, string> {
  const line = procfile.split('\n').find((l) => l.startsWith(`${process}:`));
  if (line === undefined) throw new Error(`the Procfile has no ${process}: line`);
  const words = line
    .slice(process.length + 1)
    .trim()
    .split(/\s+/);
  const env: Record<string, string> = {};
  if (words[0] !== 'env') return env;
  for (const word of words.slice(1)) {
    const eq = word.indexOf('=');
    if (eq <= 0) break;
    env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return env;
}
