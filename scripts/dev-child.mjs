// Loaded (`--import`) by scripts/dev.mjs into each process it runs under Node's watch mode. The
// process tree is dev.mjs → watcher (`node --watch`) → this process. dev.mjs stops the watchers with
// a signal, and each watcher stops its process and waits for it; but a parent killed outright
// (SIGKILL, a crash) tells nobody, and a server left behind keeps the port and the PGlite lock. So
// each process watches the two channels it shares with its parents:
import { kill, pid, ppid } from 'node:process';

const watcher = ppid;

// Standard input is a pipe from dev.mjs that it never writes to: its end means dev.mjs is gone. The
// watcher is asked to stop, which stops this process gracefully and then ends itself (were this
// process to end alone, the watcher would wait for the next change and start it again).
if (typeof process.stdin.unref === 'function') {
  process.stdin.on('end', () => kill(process.ppid === watcher ? watcher : pid, 'SIGTERM'));
  process.stdin.resume();
  // Reading it must not keep a process alive that has otherwise finished.
  process.stdin.unref();
}

// The watcher's IPC channel (it learns which files we load through it) closes when the watcher
// is gone, or when it restarts us, just before it sends the same signal. Listening for it refs the
// channel; unref'd again, it does not keep a finished process alive.
process.on('disconnect', () => kill(pid, 'SIGTERM'));
process.channel?.unref();

// With dev.mjs gone nobody reads our output: a log line must not crash the stop half way through.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
