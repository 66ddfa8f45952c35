import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApplication, createLogger, loadConfig } from '@codex-auth/composition';
import { createTestDatabase, findTestServer } from '@codex-auth/adapters-pg/testing';
import { freePort } from './support/free-port.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const BASE_ENV = { ARGON2_MEMORY_COST: '1024', ARGON2_TIME_COST: '1', OUTBOX_POLL_INTERVAL: '1' };
/** Makes the process print, on exit, the packages it loaded (see the file). */
const REPORT_LOADED = {
  NODE_OPTIONS: `--import=${pathToFileURL(fileURLToPath(new URL('./support/loaded-packages.mjs', import.meta.url))).href}`,
};
const loadedPackages = (output: string): string[] => {
  const line = /^LOADED_PACKAGES (.+)$/m.exec(output);
  expect(line, 'the loaded-packages report').not.to.equal(null);
  return JSON.parse(line![1]!) as string[];
};
/** What only the embedded database and the delivery of email need. */
const EMBEDDED_AND_MAIL = ['@electric-sql/pglite', 'knex-pglite', 'nodemailer', '@codex-auth/adapters-mail'];

interface Started {
  readonly child: ChildProcess;
  readonly base: string;
  readonly output: () => string;
}

/** The web process as `pnpm start` runs it, waiting for its banner. */
const running = new Set<ChildProcess>();

async function start(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@codex-auth/source', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...BASE_ENV, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Codex Auth listening on')) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, base: `http://127.0.0.1:${port}`, output: () => output };
}

async function stop(started: Started): Promise<number | null> {
  const exited = once(started.child, 'exit');
  const t0 = Date.now();
  started.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  expect(Date.now() - t0, 'drains within 10 s').to.be.lessThan(10_000);
  return code;
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the web process (pnpm start)', function () {
  this.timeout(120_000);
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'codex-server-'));
  });
  afterEach(async () => {
    // A failed assertion must not leave a server running (and the test run waiting on it).
    for (const child of running) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('on the embedded database: prints a one-time admin, serves the API, runs the worker in-process, stops cleanly', async () => {
    const first = await start({ DATA_DIR: dataDir, ...REPORT_LOADED });
    const match = /^Development admin \(shown once\): (admin@example\.com) \/ (\S+)$/m.exec(first.output());
    expect(match, first.output()).to.not.equal(null);
    const [, email, password] = match!;
    expect(password).to.have.length.of.at.least(16);

    const health = await fetch(`${first.base}/api/v1/health`);
    expect([health.status, await health.json()]).to.deep.equal([200, { status: 'ok', db: 'ok' }]);
    const login = await post(`${first.base}/api/v1/auth/login`, { email, password });
    expect(login.status).to.equal(200);
    const tokens = (await login.json()) as { access_token: string; refresh_token: string };

    // The reset email goes through the outbox and the in-process worker into the dev mailbox.
    expect((await post(`${first.base}/api/v1/auth/forgot-password`, { email })).status).to.equal(202);
    const mailDir = join(dataDir, 'mail');
    const deadline = Date.now() + 15_000;
    let files: string[] = [];
    while (files.length === 0 && Date.now() < deadline) {
      files = await readdir(mailDir).catch(() => []);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(files, 'an .eml file in DATA_DIR/mail').to.have.length(1);
    // Quoted-printable, as mail goes: undo soft line breaks and =XX escapes to read the link.
    const eml = (await readFile(join(mailDir, files[0]!), 'utf8'))
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const token = /reset-password\?token=([A-Za-z0-9_%-]+)/.exec(eml)?.[1];
    expect(token).to.be.a('string');

    expect(await stop(first)).to.equal(0);
    const output = first.output();
    // Outside the banner, only JSON log lines; and no secret anywhere in them.
    const logLines = output.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).to.be.greaterThan(3);
    for (const secret of [password!, tokens.access_token, tokens.refresh_token, decodeURIComponent(token!)]) {
      expect(logLines.join('\n')).to.not.include(secret);
    }
    expect(output).to.include('email_saved');
    // Here they are used (and the report sees them): on Postgres, below, they are not loaded.
    expect(loadedPackages(output)).to.include.members([...EMBEDDED_AND_MAIL, '@codex-auth/worker']);

    const second = await start({ DATA_DIR: dataDir });
    expect(second.output(), 'no new admin once accounts exist').to.not.include('Development admin');
    expect((await post(`${second.base}/api/v1/auth/login`, { email, password })).status).to.equal(200);
    expect(await stop(second)).to.equal(0);
  });

  it('asked to stop while it opens the embedded database, finishes opening it, then stops cleanly', async () => {
    // What `pnpm dev` does at a save during a start: killed there, PGlite would be left half written.
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@codex-auth/source', MAIN], {
      env: { PATH: process.env.PATH ?? '', ...BASE_ENV, PORT: String(await freePort()), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.on('exit', () => running.delete(child));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    // Logged just before the database opens.
    while (!output.includes('SECRET_KEY is not set') && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGTERM');
    expect(await exited, output).to.deep.equal([0, null]);
    expect(output).to.include('"event":"web_stopped"');
    expect(existsSync(join(dataDir, 'pglite.lock')), 'the lock is released').to.equal(false);
  });

  it('refuses to start with a bad environment, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@codex-auth/source', MAIN], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: 'eighty', WEB_CONCURRENCY: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).to.equal(1);
    expect(stderr).to.include('PORT');
  });

  it('shares rate limits between two web processes through Redis', async function () {
    const redisUrl = process.env.TEST_REDIS_URL;
    const server = await findTestServer();
    if (server === null || redisUrl === undefined || redisUrl === '') {
      console.log('skipped two-process rate limits: set TEST_DATABASE_URL and TEST_REDIS_URL');
      this.skip();
    }
    const database = await createTestDatabase(server.url, 'codex_server_rl');
    const env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      SECRET_KEY: 'k'.repeat(40),
      REDIS_URL: redisUrl,
      TRUST_PROXY: '1',
      LOGIN_RATE_LIMIT: '5/minute',
      // Only the per-ip limit is under test; the per-email one must not interfere.
      LOGIN_EMAIL_RATE_LIMIT: '1000/minute',
    };
    try {
      const app = await createApplication(loadConfig(env), {
        logger: createLogger({ level: 'error', silent: true }),
        migrate: true,
      });
      await app.close();
      const [one, two] = await Promise.all([start(env), start(env)]);
      // A client address and an email of its own, so counters left in Redis by other runs (Redis
      // outlives the test database) cannot interfere.
      const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const email = `nobody-${Math.random().toString(36).slice(2)}@example.com`;
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const base = i % 2 === 0 ? one!.base : two!.base;
        const answer = await fetch(`${base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
          body: JSON.stringify({ email, password: 'not the password' }),
        });
        statuses.push(answer.status);
      }
      expect(statuses, 'five attempts across both processes, then 429').to.deep.equal([
        401, 401, 401, 401, 401, 429,
      ]);
      expect(await stop(one!)).to.equal(0);
      expect(await stop(two!)).to.equal(0);
    } finally {
      await database.drop();
    }
  });

  it('on Postgres: serves after a migrate, without a development admin banner when accounts exist', async function () {
    const server = await findTestServer();
    if (server === null) this.skip();
    const database = await createTestDatabase(server.url, 'codex_server_test');
    try {
      const env = { ...BASE_ENV, DATABASE_URL: database.url, DATA_DIR: dataDir, SECRET_KEY: 'k'.repeat(40) };
      const app = await createApplication(loadConfig(env), {
        logger: createLogger({ level: 'error', silent: true }),
        migrate: true,
      });
      await app.useCases.seedAdmin.execute({ email: 'ops@example.com', password: 'a long admin password' });
      await app.close();
      // With SMTP configured, so that only loading the mailer on its first send keeps nodemailer out.
      const started = await start({ ...env, ...REPORT_LOADED, SMTP_URL: 'smtp://user:pass@127.0.0.1:9' });
      expect(started.output()).to.include('postgres database').and.not.include('Development admin');
      const login = await post(`${started.base}/api/v1/auth/login`, {
        email: 'ops@example.com',
        password: 'a long admin password',
      });
      expect(login.status).to.equal(200);
      expect(
        (await post(`${started.base}/api/v1/auth/forgot-password`, { email: 'ops@example.com' })).status,
      ).to.equal(202);
      expect(await stop(started)).to.equal(0);
      // A web process on Postgres sends no email (the worker delivers the outbox) and has no embedded
      // database: it loads neither, nor the worker's loops (docs/performance.md, "Memory at start").
      const loaded = loadedPackages(started.output());
      expect(loaded).to.include.members(['knex', 'pg', '@codex-auth/adapters-pg']);
      expect(
        loaded.filter((name) => [...EMBEDDED_AND_MAIL, '@codex-auth/worker'].includes(name)),
      ).to.deep.equal([]);
    } finally {
      await database.drop();
    }
  });
});
