import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './support/free-port.js';

const SERVER = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../../cli/src/main.ts', import.meta.url));
const WORKER = fileURLToPath(new URL('../../worker/src/main.ts', import.meta.url));
const NODE_ARGS = ['--import', 'tsx', '--conditions=@codex-auth/source'];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A long-running process of ours (web, worker), its output collected. */
interface Daemon {
  readonly child: ChildProcess;
  readonly output: () => string;
}

const running = new Set<ChildProcess>();

function launch(main: string, env: Record<string, string>): Daemon {
  const child = spawn(process.execPath, [...NODE_ARGS, main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitFor(what: string, daemon: Daemon, done: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (daemon.child.exitCode !== null) throw new Error(`exited before ${what}: ${daemon.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${what}: ${daemon.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(daemon: Daemon): Promise<number | null> {
  const exited = once(daemon.child, 'exit');
  daemon.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

/** The CLI as an operator runs it in a second terminal: its own process, its streams and exit code. */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...NODE_ARGS, CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    ...(token !== undefined && { authorization: `Bearer ${token}` }),
  },
  body: JSON.stringify(body),
});

describe('the CLI and the worker beside `pnpm start` on the embedded database', function () {
  this.timeout(180_000);
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'codex-share-'));
  });
  after(async () => {
    for (const child of running) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it("reach the web process's database through its private socket, which goes when the server stops", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/api/v1`;
    const env = {
      DATA_DIR: dataDir,
      ARGON2_MEMORY_COST: '1024',
      ARGON2_TIME_COST: '1',
      LOGIN_RATE_LIMIT: '100/minute',
    };
    // The web process polls its outbox rarely here, so the reset email below is the worker's to send.
    const web = launch(SERVER, { ...env, PORT: String(port), OUTBOX_POLL_INTERVAL: '3600' });
    await waitFor('banner', web, () => web.output().includes('Codex Auth listening on'));
    const [, adminEmail, adminPassword] = /Development admin \(shown once\): (\S+) \/ (\S+)/.exec(
      web.output(),
    )!;

    const socketDir = join(dataDir, 'pglite.socket');
    expect(statSync(socketDir).mode & 0o777, 'only its user may enter the directory').to.equal(0o700);
    expect(statSync(join(socketDir, '.s.PGSQL.5432')).mode & 0o777, 'nor use the socket').to.equal(0o600);

    const admin = (await (
      await fetch(`${base}/auth/login`, json({ email: adminEmail, password: adminPassword }))
    ).json()) as {
      access_token: string;
    };
    const password = 'a long enough password';
    const registered = await fetch(`${base}/auth/register`, json({ email: 'ana@example.com', password }));
    expect(registered.status).to.equal(201);
    const { user } = (await registered.json()) as { user: { id: string; status: string } };
    expect(user.status).to.equal('pending');
    expect(
      (await fetch(`${base}/auth/login`, json({ email: 'ana@example.com', password }))).status,
    ).to.not.equal(200);

    // The CLI lists and approves while the server keeps answering requests.
    const health = Array.from({ length: 10 }, () => fetch(`${base}/health`).then((r) => r.status));
    const list = await cli(['users', 'list', '--json'], env);
    expect(list.code, list.stderr).to.equal(0);
    const listed = (JSON.parse(list.stdout) as { items: { email: string; status: string }[] }).items;
    expect(listed.map((u) => [u.email, u.status]).sort()).to.deep.equal([
      [adminEmail, 'approved'],
      ['ana@example.com', 'pending'],
    ]);
    expect(await Promise.all(health)).to.deep.equal(Array(10).fill(200));

    const approve = await cli(['users', 'approve', '--email', 'ana@example.com', '--json'], env);
    expect(approve.code, approve.stderr).to.equal(0);
    expect((JSON.parse(approve.stdout) as { user: { status: string } }).user.status).to.equal('approved');
    const seen = await fetch(`${base}/users/${user.id}`, {
      headers: { authorization: `Bearer ${admin.access_token}` },
    });
    expect(((await seen.json()) as { user: { status: string } }).user.status).to.equal('approved');

    // Two sessions; one logged out leaves a revoked refresh token for the clean-up.
    const login = async () =>
      (await (await fetch(`${base}/auth/login`, json({ email: 'ana@example.com', password }))).json()) as {
        refresh_token: string;
      };
    const [gone, kept] = [await login(), await login()];
    expect(
      (await fetch(`${base}/auth/logout`, json({ refresh_token: gone!.refresh_token }))).status,
    ).to.equal(200);
    const cleanup = await cli(['cleanup-refresh', '--grace-days', '0'], env);
    expect(cleanup.code, cleanup.stderr).to.equal(0);
    expect(JSON.parse(cleanup.stdout)).to.deep.equal({ removed_expired: 0, removed_revoked: 1 });
    const refreshed = await fetch(`${base}/auth/refresh`, json({ refresh_token: kept!.refresh_token }));
    expect(refreshed.status, 'the live session is untouched').to.equal(200);

    // Undoing migrations under the running server is refused, with what to do instead.
    const down = await cli(['migrate:down'], env);
    expect([down.code, down.stderr.trim()]).to.deep.equal([
      1,
      `error: the embedded database is in use by the web process ${web.child.pid}: stop it (Ctrl-C), then undo migrations`,
    ]);

    // The worker too: it sends the reset email the web process leaves queued.
    const worker = launch(WORKER, { ...env, OUTBOX_POLL_INTERVAL: '1' });
    await waitFor('worker start', worker, () => worker.output().includes('"worker_started"'));
    expect(worker.output()).to.include(`shared by the web process ${web.child.pid}`);
    expect((await fetch(`${base}/auth/forgot-password`, json({ email: 'ana@example.com' }))).status).to.equal(
      202,
    );
    await waitFor('email from the worker', worker, () => worker.output().includes('"email_saved"'), 15_000);
    expect(await readdir(join(dataDir, 'mail'))).to.have.length(1);
    expect(await stop(worker)).to.equal(0);

    expect(await stop(web)).to.equal(0);
    expect(existsSync(join(socketDir, '.s.PGSQL.5432')), 'the socket goes with the server').to.equal(false);
    expect(existsSync(join(dataDir, 'pglite.server.json'))).to.equal(false);
    expect(existsSync(join(dataDir, 'pglite.lock'))).to.equal(false);
  });
});
