#!/usr/bin/env node
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { exitUnlessSupportedNode } from '@codex-auth/composition/node-version';

// Before anything else loads: a Node too old for argon2's binary would otherwise crash silently.
exitUnlessSupportedNode();
const { runCli } = await import('./cli.js');

const args = process.argv.slice(2);
// stdout is the command's output (JSON for scripts) and stderr one line per failure; libraries that
// print through `console` (knex's "Acquire connection error" warnings with their stack) would break
// both. Their text goes to stderr with --verbose, and nowhere otherwise; our own output never uses
// `console`.
const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
const libraryOutput = args.includes('--verbose') ? process.stderr : discard;
globalThis.console = new Console({ stdout: libraryOutput, stderr: libraryOutput });

process.exitCode = await runCli(args, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
