/**
 * Processes the bench starts and watches: the service (from its built output), the reference
 * server, the argon2 rate probe and the autocannon load generators.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { LoadResult, LoadSpec } from './load.js';
import { cpuMs, processTree, rssBytes, sampleRss } from './proc.js';

export const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Children still running when the bench ends, however it ends. */
const running = new Set<ChildProcess>();

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return;
  }
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
  running.delete(child);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stopProcess));
}

/** Output of a child, onto our stderr: stdout is for the table or the JSON. */
function forward(child: ChildProcess): void {
  child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
}

export interface ServerHandle {
  readonly child: ChildProcess;
  readonly url: string;
  /** The server process and, under WEB_CONCURRENCY > 1, its workers. */
  readonly pids: readonly number[];
}

async function waitFor(what: string, timeoutMs: number, ready: () => Promise<boolean>, child: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/** Starts `node <main>` with `env` and waits until /healthz answers and every worker is up. */
export async function startService(
  main: string,
  env: Record<string, string>,
  processes: number,
): Promise<ServerHandle> {
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  forward(child);
  const url = `http://127.0.0.1:${env['PORT']}`;
  const expected = processes > 1 ? processes + 1 : 1;
  await waitFor(
    'the server',
    60_000,
    async () => (await fetch(`${url}/healthz`)).ok && processTree(child.pid!).length >= expected,
    child,
  );
  return { child, url, pids: processTree(child.pid!) };
}

/** The bare Koa reference server (reference-server.js), forked with its settings. */
export async function startReference(
  port: number,
  databaseUrl: string,
  jwtSecret: string,
): Promise<ServerHandle> {
  const child = fork(new URL('./reference-server.js', import.meta.url), [], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      BENCH_REF_PORT: String(port),
      BENCH_REF_DATABASE_URL: databaseUrl,
      BENCH_REF_JWT_SECRET: jwtSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.add(child);
  forward(child);
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error('the reference server exited before listening');
    }),
  ])) as [unknown];
  if (message !== 'listening') throw new Error(`reference server said ${String(message)}`);
  return { child, url: `http://127.0.0.1:${port}`, pids: [child.pid!] };
}

export interface Argon2Rate {
  readonly hashes: number;
  readonly seconds: number;
  readonly cpuMs: number;
  readonly peakRssBytes: number;
}

/** The service's hasher, in a process of its own with the service's environment. */
export async function measureArgon2(env: Record<string, string>, seconds: number): Promise<Argon2Rate> {
  const child = fork(new URL('./argon2-rate.js', import.meta.url), [], {
    env: { ...env, BENCH_ARGON2_SECONDS: String(seconds) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.add(child);
  forward(child);
  const rss = sampleRss([child.pid!]);
  const exited = once(child, 'exit');
  const [message] = (await Promise.race([
    once(child, 'message'),
    exited.then(() => {
      throw new Error('the argon2 probe exited without an answer');
    }),
  ])) as [{ hashes: number; seconds: number; cpuMs: number }];
  const peakRssBytes = rss.stop();
  await exited;
  running.delete(child);
  return { ...message, peakRssBytes };
}

export interface LoadRun {
  readonly result: LoadResult;
  /** CPU ms of the watched processes during the run. */
  readonly cpuMs: number;
  readonly peakRssBytes: number;
}

/**
 * Runs one autocannon load from its own process while watching `pids`' CPU time and RSS.
 * `until`, when given, ends the run when it settles (the spec's duration is then an upper bound).
 */
export async function runLoadProcess(
  spec: LoadSpec,
  pids: readonly number[],
  until?: Promise<unknown>,
): Promise<LoadRun> {
  const child = fork(new URL('./load.js', import.meta.url), [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  running.add(child);
  const exited = once(child, 'exit');
  // The child says when it listens: a message sent before would be lost.
  const [hello] = (await Promise.race([once(child, 'message'), exited])) as unknown[];
  if (hello !== 'ready') throw new Error('the load generator exited before it was ready');
  const answer = once(child, 'message') as Promise<[{ ok: boolean; result?: LoadResult; error?: string }]>;
  const cpuBefore = cpuMs(pids);
  const rss = sampleRss(pids);
  child.send(spec);
  const stop = () => {
    if (child.connected) child.send('stop');
  };
  void until?.then(stop, stop);
  const [message] = await Promise.race([
    answer,
    exited.then(() => {
      throw new Error('the load generator exited without an answer');
    }),
  ]);
  const cpu = cpuMs(pids) - cpuBefore;
  const peakRssBytes = rss.stop();
  await exited;
  running.delete(child);
  if (!message.ok || message.result === undefined) throw new Error(`load generator: ${message.error}`);
  return { result: message.result, cpuMs: cpu, peakRssBytes };
}

export { rssBytes };
