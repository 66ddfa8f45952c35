#!/usr/bin/env node
/**
 * `pnpm bench`: the service, started from its built output on a fresh Postgres database, under
 * autocannon load, next to its two references (a bare Koa /me server and the argon2 hash rate), in
 * one run. Prints one table (or `--json`). Figures are ratios to the references measured in the same
 * run on the same machine, because absolute times on a shared, noisy machine mean little.
 * Exit 0 whatever the figures; 1 only when the harness itself broke (then the table shows what ran).
 */
// First: exits with one line on a Node older than `engines`, before argon2's binary can crash it.
import '@codex-auth/composition/node-version-gate';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  APP_TOKENS,
  createApplication,
  createLogger,
  loadConfig,
  type Application,
} from '@codex-auth/composition';
import { Login, type DomainDependencies, type PasswordHasher, type TokenPair } from '@codex-auth/domain';
import {
  createBenchDatabase,
  createReferenceUsers,
  insertExpiredTokens,
  insertUsers,
  type BenchDatabase,
} from './database.js';
import {
  freePort,
  log,
  measureArgon2,
  rssBytes,
  runLoadProcess,
  sleep,
  startReference,
  startService,
  stopAll,
  stopProcess,
  type LoadRun,
  type ServerHandle,
} from './harness.js';
import type { LoadSpec } from './load.js';
import { parseOptions, procfileEnvironment, type Options } from './options.js';
import { evaluateTargets, formatReport, type Extras, type Measurement, type Report } from './report.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_MAIN = `${ROOT}packages/server/dist/main.js`;
const CLI_MAIN = `${ROOT}packages/cli/dist/main.js`;
const PROCFILE = `${ROOT}Procfile`;
const PASSWORD = 'bench-password-not-a-secret';
const ADMIN_EMAIL = 'bench-admin@example.com';
// The admin list's query: 1 match at 10 k users, 111 at 1 M.
const LIST_PATH = '/api/v1/users?q=user1234';
// pg_stat_database counters reach shared memory when a backend has been idle a while (up to 10 s
// on Postgres 15), so transactions are read this long after the /me load ends.
const STATS_SETTLE_MS = 11_000;

const ROW_ORDER = [
  'me',
  'me-ref',
  'me-wc2',
  'refresh',
  'logout',
  'login',
  'argon2',
  'healthz-flood',
  'list-10k',
  'list-1m',
  'cleanup',
  'refresh-cleanup',
];

/** Every rate limit out of the way: the bench measures the work, not the 429s. */
const UNLIMITED = '1000000000/minute';

function serviceEnvironment(
  databaseUrl: string,
  port: number,
  jwtSecret: string,
  allocator: Options['allocator'],
): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'UV_THREADPOOL_SIZE'];
  const inherited = Object.fromEntries(
    keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])),
  );
  return {
    ...inherited,
    // As deployments start it: the Procfile's `env GLIBC_TUNABLES=… node …` (the argon2 probe gets
    // the same environment, so the login ratio compares like with like).
    ...(allocator === 'procfile' ? procfileEnvironment(readFileSync(PROCFILE, 'utf8'), 'web') : {}),
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SECRET_KEY: randomBytes(48).toString('base64url'),
    // Set rather than derived, so the reference server verifies the same access tokens.
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOGIN_RATE_LIMIT: UNLIMITED,
    LOGIN_EMAIL_RATE_LIMIT: UNLIMITED,
    FORGOT_PASSWORD_RATE_LIMIT: UNLIMITED,
    REGISTER_RATE_LIMIT: UNLIMITED,
    REFRESH_RATE_LIMIT: UNLIMITED,
  };
}

function measurement(
  id: string,
  label: string,
  run: LoadRun,
  options: { reference?: string; cpu?: boolean; rss?: boolean; note?: string } = {},
): Measurement {
  const { result } = run;
  return {
    id,
    label,
    unit: 'req/s',
    rate: result.requests / result.seconds,
    count: result.requests,
    seconds: result.seconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    cpuMsPerUnit: options.cpu === false || result.requests === 0 ? null : run.cpuMs / result.requests,
    peakRssBytes: options.rss === false ? null : run.peakRssBytes,
    failures: result.non2xx + result.errors,
    ...(options.reference === undefined ? {} : { reference: options.reference }),
    ...(options.note === undefined ? {} : { note: options.note }),
  };
}

async function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || 6379), hostname);
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Sessions opened exactly as login opens them, minus argon2 (the login scenario measures that). */
async function openSessions(app: Application, email: string, count: number): Promise<TokenPair[]> {
  const deps = app.container.get<DomainDependencies>(APP_TOKENS.DomainDependencies);
  const noHash: PasswordHasher = {
    hash: () => Promise.resolve('unused'),
    verify: () => Promise.resolve(true),
    needsRehash: () => false,
  };
  const login = new Login({ ...deps, hasher: noHash });
  const pairs: TokenPair[] = [];
  const worker = async () => {
    while (pairs.length < count) {
      const result = await login.execute({ email, password: PASSWORD, userAgent: 'codex-auth-bench' });
      if (!result.ok) throw new Error(`could not open a bench session: ${result.code}`);
      pairs.push(result.value);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return pairs.slice(0, count);
}

async function run(options: Options): Promise<Report> {
  const rows: Measurement[] = [];
  const notes: string[] = [];
  const extras: { -readonly [K in keyof Extras]: Extras[K] } = {
    rssAfterStartBytes: null,
    rssIdleAfterHashesBytes: null,
    hashesBeforeIdle: 0,
    meXactPerRequest: null,
  };
  const environment: Record<string, string | number> = {
    node: process.version,
    cpus: `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? '?'}`,
    UV_THREADPOOL_SIZE: process.env['UV_THREADPOOL_SIZE'] ?? '4 (default)',
    allocator: options.allocator,
    connections: options.connections,
    seconds: options.seconds,
  };
  const order = (m: Measurement) => ROW_ORDER.indexOf(m.id);
  const report = (): Report => ({
    mode: options.mode,
    environment,
    rows: [...rows].sort((a, b) => order(a) - order(b)),
    extras,
    targets: evaluateTargets(rows, extras),
    notes,
  });

  for (const file of [SERVER_MAIN, CLI_MAIN]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm build\` first`);
  }
  const { connections, seconds } = options;
  let db: BenchDatabase | undefined;
  let refDb: BenchDatabase | undefined;
  let app: Application | undefined;
  let service: ServerHandle | undefined;
  try {
    log('creating the database');
    db = await createBenchDatabase(options.databaseUrl);
    refDb = await createBenchDatabase(options.databaseUrl, '_ref');
    environment['postgres'] = await db.serverVersion();
    const jwtSecret = randomBytes(48).toString('base64url');
    const port = await freePort();
    const env = serviceEnvironment(db.url, port, jwtSecret, options.allocator);
    const migrate = spawnSync(process.execPath, [CLI_MAIN, 'migrate'], { env, encoding: 'utf8' });
    if (migrate.status !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);

    log(
      `seeding ${options.users.toLocaleString('en')} users and ${options.logoutSessions + 3 * connections} sessions`,
    );
    const config = loadConfig(env);
    environment['argon2'] =
      `m=${config.argon2.memoryCost},t=${config.argon2.timeCost},p=${config.argon2.parallelism}`;
    app = await createApplication(config, {
      logger: createLogger({ level: 'error', stream: process.stderr }),
    });
    const seeded = await app.useCases.seedAdmin.execute({ email: ADMIN_EMAIL, password: PASSWORD });
    if (!seeded.ok) throw new Error(`seed-admin: ${seeded.code}`);
    const { rows: hashRows } = await db.client.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [seeded.value.user.id],
    );
    const passwordHash = hashRows[0]!.password_hash;
    await insertUsers(db.client, 1, options.users, passwordHash);
    await createReferenceUsers(refDb.client, options.users);
    const [adminPair] = await openSessions(app, ADMIN_EMAIL, 1);
    const userPairs = await openSessions(app, 'user1@example.com', options.logoutSessions + 2 * connections);
    const meToken = userPairs[0]!.accessToken;
    const chainTokens = userPairs.slice(0, connections).map((p) => p.refreshToken);
    const cleanupChainTokens = userPairs.slice(connections, 2 * connections).map((p) => p.refreshToken);
    const logoutTokens = userPairs.slice(2 * connections).map((p) => p.refreshToken);
    const loginEmails = Array.from(
      { length: Math.min(options.users, 1000) },
      (_, i) => `user${i + 1}@example.com`,
    );

    log('starting the service');
    service = await startService(SERVER_MAIN, env, 1);
    await sleep(1000);
    extras.rssAfterStartBytes = rssBytes(service.pids);

    const load = (
      spec: Omit<LoadSpec, 'url' | 'connections' | 'duration'> & Partial<LoadSpec>,
      target = service!,
    ) => runLoadProcess({ url: target.url, connections, duration: seconds, ...spec }, target.pids);
    const meSpec = {
      path: '/api/v1/auth/me',
      method: 'GET',
      kind: 'plain',
      headers: { authorization: `Bearer ${meToken}` },
    } as const;

    // pg_stat_database counts reach shared memory late (see STATS_SETTLE_MS), so the /me load is
    // framed by two waits, and what touches no service database fills them: the reference server
    // (its own database) before, the argon2 probe after.
    log('/me (warm-up), then the reference server while the counters settle');
    await load({ ...meSpec, duration: options.warmUpSeconds });
    let settled = sleep(STATS_SETTLE_MS);
    const reference = await startReference(await freePort(), refDb.url, jwtSecret);
    try {
      await load({ ...meSpec, duration: options.warmUpSeconds }, reference);
      const ref = await load(meSpec, reference);
      rows.push(measurement('me-ref', 'GET /me, bare Koa (reference)', ref));
    } finally {
      await stopProcess(reference.child);
    }
    await settled;

    log('/me');
    const xactBefore = await db.transactions();
    const me = await load(meSpec);
    rows.push(measurement('me', 'GET /me', me, { reference: 'me-ref' }));

    log('argon2 hash rate (while the /me counters settle)');
    settled = sleep(STATS_SETTLE_MS);
    const argon2 = await measureArgon2(env, seconds);
    rows.push({
      id: 'argon2',
      label: 'argon2 hash (reference)',
      unit: 'hash/s',
      rate: argon2.hashes / argon2.seconds,
      count: argon2.hashes,
      seconds: argon2.seconds,
      p50Ms: null,
      p99Ms: null,
      cpuMsPerUnit: argon2.cpuMs / argon2.hashes,
      peakRssBytes: argon2.peakRssBytes,
      failures: 0,
      note: `${environment['argon2']}, ${2 * Number(process.env['UV_THREADPOOL_SIZE'] ?? 4)} in flight`,
    });
    await settled;
    extras.meXactPerRequest = ((await db.transactions()) - xactBefore) / me.result.requests;

    log('refresh');
    const refresh = await load({
      path: '/api/v1/auth/refresh',
      method: 'POST',
      kind: 'refresh-chain',
      tokens: chainTokens,
    });
    rows.push(measurement('refresh', 'POST /refresh (chained)', refresh, { reference: 'me-ref' }));

    log('logout');
    const perConnection = Math.floor(logoutTokens.length / connections);
    const logout = await load({
      path: '/api/v1/auth/logout',
      method: 'POST',
      kind: 'token-each',
      tokens: logoutTokens,
      amount: perConnection * connections,
    });
    rows.push(measurement('logout', 'POST /logout', logout, { reference: 'me-ref' }));

    const adminAuth = { authorization: `Bearer ${adminPair!.accessToken}` };
    log('admin list');
    const list = await load({ path: LIST_PATH, method: 'GET', kind: 'plain', headers: adminAuth });
    rows.push(
      measurement('list-10k', `GET /users?q= (${options.users.toLocaleString('en')} users)`, list, {
        reference: 'me-ref',
      }),
    );

    log('login');
    const loginSpec = {
      path: '/api/v1/auth/login',
      method: 'POST',
      kind: 'login',
      emails: loginEmails,
      password: PASSWORD,
    } as const;
    const login = await load(options.logins === null ? loginSpec : { ...loginSpec, amount: options.logins });
    rows.push(measurement('login', 'POST /login', login, { reference: 'argon2' }));
    extras.hashesBeforeIdle = login.result.requests;
    await sleep(3000);
    extras.rssIdleAfterHashesBytes = rssBytes(service.pids);

    log('/healthz during a login flood');
    const flood = load({ ...loginSpec, connections: 2 * connections, duration: seconds + 1 });
    await sleep(500);
    const healthz = await load({
      path: '/healthz',
      method: 'GET',
      kind: 'plain',
      connections: 2,
      overallRate: 100,
      duration: seconds,
    });
    const floodRun = await flood;
    rows.push(
      measurement('healthz-flood', 'GET /healthz during a login flood', healthz, {
        cpu: false,
        rss: false,
        note: `100 req/s beside ${Math.round(floodRun.result.requests / floodRun.result.seconds)} logins/s`,
      }),
    );

    log(`clean-up of ${options.expiredTokens.toLocaleString('en')} expired refresh tokens`);
    await insertExpiredTokens(db.client, seeded.value.user.id, options.expiredTokens);
    const cleanupStarted = performance.now();
    const cleanup = app.useCases.cleanupRefreshTokens.execute({ graceDays: 0 });
    // Awaited below; this only keeps a failure from going unhandled if the load breaks first.
    void cleanup.catch(() => undefined);
    // The refresh load runs exactly as long as the clean-up does.
    const during = await runLoadProcess(
      {
        url: service.url,
        connections,
        duration: 3600,
        path: '/api/v1/auth/refresh',
        method: 'POST',
        kind: 'refresh-chain',
        tokens: cleanupChainTokens,
      },
      service.pids,
      cleanup,
    );
    const cleaned = await cleanup;
    const cleanupSeconds = (performance.now() - cleanupStarted) / 1000;
    if (!cleaned.ok) throw new Error(`cleanup: ${cleaned.code}`);
    const removed = cleaned.value.removedExpired + cleaned.value.removedRevoked;
    rows.push({
      id: 'cleanup',
      label: 'clean-up of expired refresh tokens',
      unit: 'rows/s',
      rate: removed / cleanupSeconds,
      count: removed,
      seconds: cleanupSeconds,
      p50Ms: null,
      p99Ms: null,
      cpuMsPerUnit: null,
      peakRssBytes: null,
      failures: 0,
      note: `${removed.toLocaleString('en')} rows in ${cleanupSeconds.toFixed(1)} s, batches of the default size`,
    });
    rows.push(
      measurement('refresh-cleanup', 'POST /refresh during the clean-up', during, { reference: 'refresh' }),
    );

    if (options.bigUsers !== null) {
      log(`admin list at ${options.bigUsers.toLocaleString('en')} users (seeding)`);
      await insertUsers(db.client, options.users + 1, options.bigUsers, passwordHash);
      const big = await load({ path: LIST_PATH, method: 'GET', kind: 'plain', headers: adminAuth });
      rows.push(
        measurement('list-1m', `GET /users?q= (${options.bigUsers.toLocaleString('en')} users)`, big, {
          reference: 'list-10k',
        }),
      );
    }

    await stopProcess(service.child);
    service = undefined;
    if (await redisReachable(options.redisUrl)) {
      log('/me with WEB_CONCURRENCY=2');
      service = await startService(
        SERVER_MAIN,
        { ...env, WEB_CONCURRENCY: '2', REDIS_URL: options.redisUrl },
        2,
      );
      await load({ ...meSpec, duration: options.warmUpSeconds });
      const wc2 = await load(meSpec);
      rows.push(measurement('me-wc2', 'GET /me, WEB_CONCURRENCY=2', wc2, { reference: 'me' }));
    } else {
      notes.push(`WEB_CONCURRENCY=2 not run: no Redis at ${options.redisUrl} (set BENCH_REDIS_URL)`);
    }
    return report();
  } catch (error) {
    process.exitCode = 1;
    notes.push(`the bench broke: ${(error as Error).stack ?? String(error)}`);
    return report();
  } finally {
    await stopAll();
    await app?.close();
    await db?.drop();
    await refDb?.drop();
  }
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const report = await run(options);
process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
