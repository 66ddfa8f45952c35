#!/usr/bin/env node
// `pnpm dev`: the Procfile's web and worker processes together, for local work (after `pnpm build`).
// On the embedded database the web process runs the worker's loops itself (PGlite is one process),
// so only web starts then. Ctrl-C stops both; if one exits, the other is stopped too.
import { spawn } from 'node:child_process';

const processes = { web: 'packages/server/dist/main.js' };
if (process.env.DATABASE_URL) processes.worker = 'packages/worker/dist/main.js';

const children = Object.entries(processes).map(([name, script]) => {
  const child = spawn(process.execPath, [script], { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    console.error(`[dev] ${name} exited (${signal ?? code})`);
    stop('SIGTERM');
    process.exitCode ||= code ?? 0;
  });
  return child;
});

function stop(signal) {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
