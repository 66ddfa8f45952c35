import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openTestDatabase, type FreshDatabase } from '../packages/adapters-pg/src/testing/index.js';
import { freePort } from '../packages/server/test/support/free-port.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Cheap hashing: the development admin is made at every first start.
const BASE_ENV = { ARGON2_MEMORY_COST: '1024', ARGON2_TIME_COST: '1' };

/** A process's parent, state and start time from /proc (Linux): a zombie counts as gone. */
function stat(pid: number): { ppid: number; gone: boolean; started: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // `pid (command) state ppid …`; the command may hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), gone: fields[0] === 'Z', started: fields[19]! };
}

/**
 * Every process the tests saw, with its start time: killed after each test, even one that a failure
 * left orphaned, but never another process that got its pid since.
 */
const seen = new Map<number, string>();
const see = (pid: number) => {
  const info = stat(pid);
  if (info !== null) seen.set(pid, info.started);
};

/** Every process started, directly or not, by `root`. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = stat(Number(entry));
    if (info === null) continue;
    children.set(info.ppid, [...(children.get(info.ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      see(child);
      queue.push(child);
    }
  }
  return found;
}

const alive = (pid: number) => {
  const info = stat(pid);
  return info !== null && !info.gone;
};

async function portFree(port: number): Promise<boolean> {
  const probe = createServer();
  probe.listen(port, '127.0.0.1');
  const [event] = await Promise.race([
    once(probe, 'listening').then(() => ['listening']),
    once(probe, 'error'),
  ]);
  await new Promise((resolve) => probe.close(resolve));
  return event === 'listening';
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  output: () => string,
  ms = 90_000,
) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Dev {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
  /** `name | text` lines of this process, without the prefix. */
  readonly lines: (name: string) => string[];
  /** The pids of the web (or worker) processes, in start order, from their log lines. */
  readonly pids: (event: 'web_started' | 'worker_started') => number[];
  readonly health: () => Promise<number>;
}

const started = new Set<ChildProcess>();

async function startDev(command: string[], env: Record<string, string>): Promise<Dev> {
  const port = await freePort();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...BASE_ENV,
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const lines = (name: string) =>
    output.split('\n').flatMap((line) => new RegExp(`^${name} *\\| (.*)$`).exec(line)?.slice(1) ?? []);
  const pids = (event: string) =>
    ['web', 'worker']
      .flatMap(lines)
      .filter((line) => line.startsWith('{') && line.includes(`"event":"${event}"`))
      .map((line) => (JSON.parse(line) as { pid: number }).pid);
  const health = () =>
    fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
      (response) => response.status,
      () => 0,
    );
  return { child, port, output: () => output, lines, pids, health };
}

/** Waits until no process that `dev` started is left and its port is free again. */
async function expectAllGone(dev: Dev, pids: number[]) {
  await until('every child to end', () => pids.every((pid) => !alive(pid)), dev.output, 30_000);
  expect(await portFree(dev.port), 'the port is free').to.equal(true);
}

const touch = (path: string) => {
  const now = new Date();
  utimesSync(join(ROOT, path), now, now);
};

describe('pnpm dev', function () {
  this.timeout(240_000);
  let dataDir: string | undefined;

  before(async function () {
    // Which processes it started is read from /proc.
    if (process.platform !== 'linux') this.skip();
    // One for all the tests: a new embedded database takes the longest part of a start to create.
    dataDir = await mkdtemp(join(tmpdir(), 'codex-dev-'));
  });
  after(async () => {
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    // A failed assertion must not leave anything running (and the test run waiting on it).
    for (const child of started) {
      // Only while it runs is its pid still its own.
      if (child.exitCode === null && child.signalCode === null)
        [child.pid!, ...descendants(child.pid!)].forEach(see);
    }
    for (const [pid, since] of seen) {
      const info = stat(pid);
      if (info !== null && !info.gone && info.started === since) process.kill(pid, 'SIGKILL');
    }
    started.clear();
    seen.clear();
  });

  it('on the embedded database: runs web only, restarts it on a change, prefixes its lines, stops everything on SIGTERM', async () => {
    const dev = await startDev(['pnpm', 'dev'], { DATA_DIR: dataDir! });
    await until('the API', async () => (await dev.health()) === 200, dev.output);
    expect(dev.lines('dev').join('\n')).to.include('embedded database');
    expect(dev.lines('web').join('\n')).to.include('Codex Auth listening on');
    expect(dev.output(), 'no separate worker: web runs its loops').to.not.match(/^worker /m);
    expect(dev.lines('web').some((line) => line.includes('"event":"worker_started"'))).to.equal(true);
    const [first] = dev.pids('web_started');

    touch('packages/server/src/start.ts');
    await until('a new web process', () => dev.pids('web_started').length >= 2, dev.output);
    expect(dev.lines('web').join('\n')).to.include("Change detected in '").and.include('web_stopped');
    const [, second] = dev.pids('web_started');
    expect(second).to.not.equal(first);
    expect(alive(first!), 'the old process is gone').to.equal(false);
    expect(await dev.health()).to.equal(200);

    // pnpm relays a SIGTERM to the script it exec'd (`exec node scripts/dev.mjs`), which stops
    // the watcher, which stops web; all within web's drain time.
    const pids = descendants(dev.child.pid!);
    expect(pids).to.include(second);
    dev.child.kill('SIGTERM');
    await expectAllGone(dev, pids);
    expect(existsSync(join(dataDir!, 'pglite.lock')), 'web closed PGlite and released its lock').to.equal(
      false,
    );
  });

  it('killed outright (SIGKILL), the processes it started stop by themselves', async () => {
    const dev = await startDev([process.execPath, 'scripts/dev.mjs'], { DATA_DIR: dataDir! });
    await until('the API', async () => (await dev.health()) === 200, dev.output);
    const pids = descendants(dev.child.pid!);
    dev.child.kill('SIGKILL');
    await expectAllGone(dev, pids);
    expect(existsSync(join(dataDir!, 'pglite.lock')), 'stopped gracefully: lock released').to.equal(false);
  });

  describe('with DATABASE_URL', () => {
    let database: FreshDatabase;
    before(async function () {
      database = await openTestDatabase('codex-dev');
      if (database.kind === 'embedded') {
        console.log('skipped pnpm dev on Postgres: set TEST_DATABASE_URL');
        await database.dispose();
        this.skip();
      }
    });
    after(async () => database?.dispose());

    it('migrates, runs web and worker, restarts each on a change of a file it loads, stops on Ctrl-C', async () => {
      const dev = await startDev([process.execPath, 'scripts/dev.mjs'], {
        DATA_DIR: dataDir!,
        DATABASE_URL: database.url!,
        SECRET_KEY: 'k'.repeat(40),
      });
      await until(
        'the API and the worker',
        async () => (await dev.health()) === 200 && dev.pids('worker_started').length === 1,
        dev.output,
      );
      expect(dev.lines('release').length, 'the migration step prints its output').to.be.greaterThan(0);
      expect(dev.lines('worker').join('\n')).to.include('"event":"worker_started"');
      expect(dev.lines('web').join('\n')).to.not.include('"event":"worker_started"');

      // Loaded by both: both restart.
      touch('packages/composition/src/node-version.ts');
      await until(
        'new web and worker processes',
        () => dev.pids('web_started').length >= 2 && dev.pids('worker_started').length >= 2,
        dev.output,
      );
      expect(await dev.health()).to.equal(200);

      const pids = descendants(dev.child.pid!);
      expect(pids.length, 'two watchers, web and worker').to.be.at.least(4);
      // Ctrl-C signals the whole foreground process group; dev.mjs alone is the harder case.
      dev.child.kill('SIGINT');
      const [code] = (await once(dev.child, 'exit')) as [number | null];
      expect(code, dev.output()).to.equal(0);
      await expectAllGone(dev, pids);
    });
  });
});
