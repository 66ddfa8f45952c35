import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApplication, createLogger, loadConfig, type Application } from '@codex-auth/composition';
import {
  createTestDatabase,
  findTestServer,
  startTcpProxy,
  targetOf,
  type TcpProxy,
  type TestDatabase,
} from '@codex-auth/adapters-pg/testing';
import { databaseOf } from '@codex-auth/composition/testing';
import { freePort } from './support/free-port.js';

/**
 * Fault drills on the machine's Postgres and Redis: each sits behind a TCP proxy that the test cuts
 * and restores (the shared servers themselves are never touched), with the web process as
 * `pnpm start` runs it, in production mode (stdout: JSON lines only).
 */
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

interface Web {
  readonly child: ChildProcess;
  readonly base: string;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | string>;
  /** Every stdout line, parsed: one that is not JSON fails the test. */
  events(): Record<string, unknown>[];
}

function web(env: Record<string, string>, port: number): Web {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@codex-auth/source', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const w: Web = {
    child,
    base: `http://127.0.0.1:${port}`,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1))),
    events: () =>
      w.stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            throw new Error(`not a JSON line on stdout: ${l}`);
          }
        }),
  };
  child.stdout!.on('data', (c: Buffer) => (w.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (w.stderr += c.toString()));
  return w;
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const listening = (w: Web) => () => {
  if (w.child.exitCode !== null) throw new Error(`web process exited: ${w.stdout}${w.stderr}`);
  return w.events().some((e) => e['event'] === 'web_listening');
};

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('fault drills: the web process with its database and Redis behind a cuttable proxy', function () {
  this.timeout(120_000);
  let dataDir: string;
  let database: TestDatabase | undefined;
  let pgProxy: TcpProxy;
  let env: Record<string, string>;
  const running = new Set<Web>();

  async function stop(w: Web): Promise<number | string> {
    w.child.kill('SIGTERM');
    return w.exited;
  }

  /** Migrated, with the check it makes: the application on the real URL, not through the proxy. */
  async function direct(): Promise<Application> {
    return createApplication(loadConfig({ ...env, DATABASE_URL: database!.url }), {
      logger: createLogger({ level: 'error', silent: true }),
      migrate: true,
    });
  }

  beforeEach(async function () {
    const server = await findTestServer();
    if (server === null || process.env['TEST_DATABASE_URL'] === undefined) return this.skip();
    dataDir = await mkdtemp(join(tmpdir(), 'codex-faults-'));
    database = await createTestDatabase(server.url, 'codex_web_faults');
    pgProxy = await startTcpProxy(targetOf(database.url, 5432));
    env = {
      NODE_ENV: 'production',
      SECRET_KEY: 'k'.repeat(40),
      DATA_DIR: dataDir,
      DATABASE_URL: pgProxy.via(database.url),
      DATABASE_POOL_MAX: '4',
      ARGON2_MEMORY_COST: '1024',
      ARGON2_TIME_COST: '1',
      REGISTER_RATE_LIMIT: '100000/hour',
      LOGIN_RATE_LIMIT: '100000/minute',
      LOGIN_EMAIL_RATE_LIMIT: '100000/minute',
    };
  });
  afterEach(async () => {
    for (const w of running) w.child.kill('SIGKILL');
    running.clear();
    await pgProxy?.close();
    await database?.drop();
    database = undefined;
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('database cut under load: 503 service_unavailable with Retry-After, never a 500, no acknowledged write lost, back within 5 s', async () => {
    await (await direct()).close();
    const w = web(env, await freePort());
    running.add(w);
    await until('the web process to listen', listening(w));

    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    const unavailable: { headers: Headers; body: Record<string, unknown> }[] = [];
    let loading = true;
    let n = 0;
    const client = async (id: number) => {
      while (loading) {
        const email = `load-${id}-${n++}@example.com`;
        const answer = await post(`${w.base}/api/v1/auth/register`, {
          email,
          password: 'a long enough password',
        });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 201) acknowledged.push(email);
        const text = await answer.text();
        if (answer.status === 503) unavailable.push({ headers: answer.headers, body: JSON.parse(text) });
      }
    };
    const load = Promise.all([0, 1, 2, 3, 4, 5].map(client));

    await new Promise((resolve) => setTimeout(resolve, 800));
    await pgProxy.cut();
    await until('a 503 during the cut', () => unavailable.length > 0, 10_000);
    const health = await fetch(`${w.base}/api/v1/health`);
    expect([health.status, await health.json()]).to.deep.equal([
      503,
      { status: 'degraded', db: 'unavailable' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const okBefore = acknowledged.length;
    await pgProxy.restore();
    const restored = Date.now();
    await until('writes to succeed again', () => acknowledged.length > okBefore, 5000);
    const recovery = Date.now() - restored;
    expect((await fetch(`${w.base}/api/v1/health`)).status).to.equal(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    loading = false;
    await load;

    expect([...statuses.keys()].sort(), JSON.stringify([...statuses])).to.deep.equal([201, 503]);
    expect(recovery, 'recovered within 5 s').to.be.lessThan(5000);
    const problem = unavailable[0]!;
    expect(problem.headers.get('content-type')).to.equal('application/problem+json');
    expect(problem.headers.get('retry-after')).to.equal('5');
    expect(problem.body).to.include({ status: 503, code: 'service_unavailable' });
    expect(problem.body['request_id']).to.equal(problem.headers.get('x-request-id'));

    const app = await direct();
    try {
      const missing: string[] = [];
      for (const email of acknowledged) {
        if ((await databaseOf(app).uow.run((scope) => scope.users.findByEmail(email))) === null)
          missing.push(email);
      }
      expect(missing, 'acknowledged registrations missing').to.deep.equal([]);
    } finally {
      await app.close();
    }

    expect(await stop(w)).to.equal(0);
    const events = w.events();
    expect(
      events.some((e) => e['event'] === 'service_unavailable' && typeof e['error_code'] === 'string'),
    ).to.equal(true);
    expect(events.filter((e) => e['event'] === 'internal_error')).to.deep.equal([]);
    expect(w.stdout).to.not.match(/\b(select|insert)\b.*\b(from|into)\b/i);
  });

  it('Redis cut: rate limits fall back to the process, never a 500; back to Redis when restored', async function () {
    const redisUrl = process.env['TEST_REDIS_URL'];
    if (redisUrl === undefined || redisUrl === '') return this.skip();
    const redisProxy = await startTcpProxy(targetOf(redisUrl, 6379));
    try {
      await (await direct()).close();
      const w = web(
        { ...env, REDIS_URL: redisProxy.via(redisUrl), TRUST_PROXY: '1', LOGIN_RATE_LIMIT: '5/minute' },
        await freePort(),
      );
      running.add(w);
      await until('the web process to listen', listening(w));
      const ip = () => `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const attempts = async (from: string, count: number) => {
        const statuses: number[] = [];
        for (let i = 0; i < count; i++) {
          const answer = await post(
            `${w.base}/api/v1/auth/login`,
            {
              email: `nobody-${Math.random().toString(36).slice(2)}@example.com`,
              password: 'not the password',
            },
            { 'x-forwarded-for': from },
          );
          statuses.push(answer.status);
        }
        return statuses;
      };
      expect(await attempts(ip(), 2)).to.deep.equal([401, 401]);

      await redisProxy.cut();
      const cutIp = ip();
      expect(await attempts(cutIp, 6), 'limited in-process while Redis is away').to.deep.equal([
        401, 401, 401, 401, 401, 429,
      ]);

      await redisProxy.restore();
      // Counting moves back to Redis once it reconnects: a fresh ip is counted there again.
      const restored = Date.now();
      await until(
        'Redis to be back',
        () => w.events().some((e) => e['event'] === 'rate_limit_store_recovered'),
        10_000,
      );
      expect(Date.now() - restored, 'reconnects within 5 s').to.be.lessThan(5000);
      const backIp = ip();
      expect(await attempts(backIp, 6)).to.deep.equal([401, 401, 401, 401, 401, 429]);
      expect(await stop(w)).to.equal(0);
      const events = w.events();
      expect(events.filter((e) => e['event'] === 'internal_error')).to.deep.equal([]);
      expect(events.find((e) => e['event'] === 'rate_limit_store_unavailable')).to.include({
        level: 'warn',
        fallback: 'memory',
      });
    } finally {
      await redisProxy.close();
    }
  });

  it('starts with the database down, retrying with one JSON line per attempt, and serves once it is up', async () => {
    await (await direct()).close();
    await pgProxy.cut();
    const w = web({ ...env, DATABASE_STARTUP_TIMEOUT: '60' }, await freePort());
    running.add(w);
    const attempts = () => w.events().filter((e) => e['event'] === 'database_unreachable');
    await until('two attempts', () => attempts().length >= 2);
    expect(attempts()[0]).to.include({ level: 'warn', attempt: 1, error_code: 'ECONNREFUSED' });
    await pgProxy.restore();
    await until('the web process to listen', listening(w));
    const started = w.events().find((e) => e['event'] === 'web_listening')!;
    expect(started['url']).to.equal(w.base);
    expect(started['docs']).to.equal(`${w.base}/api/v1/docs`);
    expect((await fetch(`${w.base}/api/v1/health`)).status).to.equal(200);
    expect(await stop(w)).to.equal(0);
    expect(w.stdout).to.not.include('Codex Auth listening on');
    expect(w.stderr).to.equal('');
  });

  it('asked to stop while waiting for the database, stops at once (exit 0, nothing on stderr)', async () => {
    await pgProxy.cut();
    const w = web({ ...env, DATABASE_STARTUP_TIMEOUT: '60' }, await freePort());
    running.add(w);
    await until('an attempt', () => w.events().some((e) => e['event'] === 'database_unreachable'));
    const t0 = Date.now();
    w.child.kill('SIGTERM');
    expect(await w.exited).to.equal(0);
    expect(Date.now() - t0, 'without waiting out DATABASE_STARTUP_TIMEOUT').to.be.lessThan(5000);
    expect(w.stderr).to.equal('');
  });

  it('gives up after DATABASE_STARTUP_TIMEOUT with one clear line and exit 1', async () => {
    await pgProxy.cut();
    const w = web({ ...env, DATABASE_STARTUP_TIMEOUT: '2' }, await freePort());
    running.add(w);
    expect(await w.exited).to.equal(1);
    expect(w.stderr.trim().split('\n'), w.stderr).to.have.length(1);
    expect(w.stderr).to.match(
      /^error: the web process could not start: the database .* did not answer within 2 s/,
    );
    expect(w.stderr).to.not.include('    at ');
    expect(w.events().filter((e) => e['event'] === 'database_unreachable').length).to.be.at.least(2);
  });
});
