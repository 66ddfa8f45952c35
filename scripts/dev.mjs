#!/usr/bin/env node
// `pnpm dev`: the Procfile's processes for local work, restarted when a file they load changes.
// - Embedded database (no DATABASE_URL): `web` only. PGlite is one process, so the web process runs
//   the worker's loops itself (packages/server/src/main.ts).
// - DATABASE_URL: `release` (migrate) once, then `web` and `worker`, each restarted on its own.
// Every line is prefixed with the process that printed it (`web    |`), in colour on a terminal.
// Ctrl-C, SIGTERM or SIGHUP stop every process it started, and it exits once they all have.
//
// How they run: from the TypeScript sources, through tsx and the `@codex-auth/source` export
// condition (as the tests and `pnpm typecheck` do), under Node's own watch mode. So:
// - nothing is built first, and a restart costs the changed file's transform (tsx caches the
//   others) plus a process start. `tsc --watch` would type-check and emit whole packages (the tree
//   has no project references) before a restart, and a process restarted from dist/ could load a
//   half-emitted tree. Type errors are the editor's and `pnpm typecheck`'s to report.
// - Node's watcher follows exactly the files the process loaded (tsx reports its .ts files too),
//   and on a change stops the process with SIGTERM and waits for it to exit before starting the new
//   one: the web process drains and closes PGlite, releasing its lock, before the next one opens it.
//   `tsx watch` would SIGKILL a process still stopping after 5 s or at a second change, which can
//   leave the embedded database mid-write.
// - Each watched process also loads scripts/dev-child.mjs, which stops it (and its watcher) when this
//   script is killed outright and cannot forward a signal.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { styleText } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const fromSource = ['--import', 'tsx', '--conditions=@codex-auth/source', '--enable-source-maps'];
const watched = [
  '--watch',
  // The watcher clears the terminal at each restart otherwise: the other processes' lines with it.
  '--watch-preserve-output',
  '--import',
  pathToFileURL(fileURLToPath(new URL('dev-child.mjs', import.meta.url))).href,
  ...fromSource,
];
const shared = Boolean(process.env.DATABASE_URL);
const colours = { dev: 'gray', release: 'magenta', web: 'cyan', worker: 'yellow' };
const width = Math.max(
  ...(shared ? ['dev', 'release', 'web', 'worker'] : ['dev', 'web']).map((n) => n.length),
);

/** `name |` before each line: coloured only when the stream is a terminal (and NO_COLOR is unset). */
function label(name, stream) {
  return styleText(colours[name], `${name.padEnd(width)} |`, { stream });
}

function say(message) {
  process.stdout.write(`${label('dev', process.stdout)} ${message}\n`);
}

function relay(name, from, to) {
  const prefix = label(name, to);
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${prefix} ${line}\n`));
}

// Nobody reading our output (`pnpm dev | head`) must not take the processes down uncleanly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const children = new Set();
let stopping = false;

/** A child with its output prefixed; resolves with how it ended. */
function run(name, args, { stdin }) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: [stdin, 'pipe', 'pipe'] });
  children.add(child);
  relay(name, child.stdout, process.stdout);
  relay(name, child.stderr, process.stderr);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      child.stdin?.destroy();
      resolve({ code, signal });
    });
  });
}

function stop(signal) {
  if (!stopping) say(`stopping (${signal})`);
  stopping = true;
  // Repeated on a second Ctrl-C: harmless, each process stops once (within its drain time).
  for (const child of children) child.kill(signal);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));

if (shared) {
  say('DATABASE_URL is set: migrating, then starting web and worker');
  const { code, signal } = await run('release', [...fromSource, 'packages/cli/src/main.ts', 'migrate'], {
    stdin: 'ignore',
  });
  if (!stopping && code !== 0) {
    say(`migrate failed (${signal ?? code}): nothing started. Check DATABASE_URL, then run pnpm dev again.`);
    process.exitCode = code || 1;
  }
} else {
  say('embedded database (DATABASE_URL unset): starting web, which runs the worker loops too');
}

if (!stopping && process.exitCode === undefined) {
  const processes = { web: 'packages/server/src/main.ts' };
  if (shared) processes.worker = 'packages/worker/src/main.ts';
  for (const [name, script] of Object.entries(processes)) {
    // stdin: a pipe never written to, whose end tells the process that this script is gone.
    void run(name, [...watched, script], { stdin: 'pipe' }).then(({ code, signal }) => {
      if (stopping) return;
      // A watcher ends only when signalled: a process that fails waits for the next change instead.
      say(`${name} ended (${signal ?? code}): stopping the others`);
      process.exitCode = code || 1;
      stop('SIGTERM');
    });
  }
  say('restarts a process when a file it loaded changes; Ctrl-C stops everything');
}
