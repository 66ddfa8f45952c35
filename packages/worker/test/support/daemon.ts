import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Env } from './backend.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface Daemon {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** The exit code (or the signal's name) once it has exited. */
  readonly exited: Promise<number | string>;
}

/** The worker as a supervisor runs it: its own process, its streams, signals and exit code. */
export function daemon(env: Env): Daemon {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@codex-auth/source', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const d: Daemon = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1))),
  };
  child.stdout?.on('data', (c: Buffer) => (d.stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (d.stderr += c.toString()));
  return d;
}
