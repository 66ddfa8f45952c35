/**
 * The login reference: how many password hashes per second the service's own hasher (its argon2
 * parameters, from the same environment) sustains in a process of its own, with the same libuv
 * thread pool the server gets. Forked by the bench with the server's environment and
 * BENCH_ARGON2_SECONDS; answers `{ hashes, seconds, cpuMs }` over IPC.
 */
import { createApplication, createLogger, loadConfig } from '@codex-auth/composition';
import { TOKENS, type PasswordHasher } from '@codex-auth/domain';

const seconds = Number(process.env['BENCH_ARGON2_SECONDS'] ?? 3);
// The pool has UV_THREADPOOL_SIZE threads (4 unless set); twice that in flight keeps every one busy.
const inFlight = 2 * Number(process.env['UV_THREADPOOL_SIZE'] ?? 4);

const config = loadConfig(process.env);
const app = await createApplication(config, {
  logger: createLogger({ level: 'error', stream: process.stderr }),
});
try {
  const hasher = app.container.get<PasswordHasher>(TOKENS.PasswordHasher);
  await hasher.hash('warm-up password'); // loads the native module, sizes the pool
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let hashes = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        await hasher.hash('correct horse battery staple');
        hashes++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  process.send?.({ hashes, seconds: elapsed, cpuMs: (cpu.user + cpu.system) / 1000 });
} finally {
  await app.close();
}
