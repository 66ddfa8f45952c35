#!/usr/bin/env node
/** The worker process: `pnpm worker`, the Procfile's `worker:`. */
import { exitUnlessSupportedNode } from '@codex-auth/composition/node-version';

// Before anything else loads: a Node too old for argon2's binary would otherwise crash silently.
exitUnlessSupportedNode();

// Listening before anything heavy loads: a stop asked for during start-up ends the process cleanly,
// once it has started, instead of killing it with the database half open.
const stopSignal = new Promise<string>((resolve) => {
  const on = (signal: NodeJS.Signals) => {
    process.off('SIGTERM', on);
    process.off('SIGINT', on);
    // Further signals are ignored: the stop already runs within a bounded time.
    process.on('SIGTERM', () => undefined);
    process.on('SIGINT', () => undefined);
    resolve(signal);
  };
  process.on('SIGTERM', on);
  process.on('SIGINT', on);
});

const { runDaemon } = await import('./daemon.js');
const code = await runDaemon(process.env, { stderr: process.stderr, stopSignal: () => stopSignal });
process.exitCode = code;
// Normally nothing is left and the process ends at once; a connection stuck in a dead server must
// not keep it past the supervisor's patience.
setTimeout(() => process.exit(code), 1000).unref();
