/**
 * Rough throughput figures for the README: `pnpm --filter @codex-auth/adapters-crypto run bench`.
 * Not a test; numbers depend on the machine. Argon2, pbkdf2 and scrypt run in libuv's thread pool
 * (UV_THREADPOOL_SIZE, default 4), so they are measured one at a time (latency) and 4 at a time
 * (what one process can sustain); bcryptjs and JWTs run on the event loop.
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import { Argon2PasswordHasher, JwtTokenService } from '../src/index.js';

interface Fixture {
  cases: { scheme: string; hash: string; password: string }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../test/fixtures/seed-password-hashes.json', import.meta.url), 'utf8'),
) as Fixture;

async function rate(fn: () => Promise<unknown> | unknown, seconds: number, concurrency = 1): Promise<number> {
  await fn(); // warm-up
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await fn();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - started) / 1000);
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const row = (what: string, one: number, four?: number) =>
  console.log(
    `${what.padEnd(50)} ${fmt(one).padStart(10)}/s${four === undefined ? '' : `   ${fmt(four).padStart(8)}/s with 4 in flight`}`,
  );

console.log(
  `node ${process.version}, ${availableParallelism()} CPUs, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}\n`,
);

const hasher = new Argon2PasswordHasher();
const argonHash = await hasher.hash('correct horse battery staple');
row(
  'argon2id hash (m=19456, t=2, p=1)',
  await rate(() => hasher.hash('correct horse battery staple'), 3),
  await rate(() => hasher.hash('x'), 3, 4),
);
row(
  'argon2id verify (m=19456, t=2, p=1)',
  await rate(() => hasher.verify(argonHash, 'correct horse battery staple'), 3),
);

const legacy = [
  ['werkzeug pbkdf2:sha256:260000', (h: string) => h.startsWith('pbkdf2:sha256:260000$')],
  ['werkzeug pbkdf2:sha256:600000', (h: string) => h.startsWith('pbkdf2:sha256:600000$')],
  ['werkzeug scrypt:32768:8:1', (h: string) => h.startsWith('scrypt:32768:8:1$')],
  ['bcrypt $2b$10$ (bcryptjs, event loop)', (h: string) => h.startsWith('$2b$10$')],
] as const;
for (const [name, pick] of legacy) {
  const c = fixture.cases.find((x) => pick(x.hash))!;
  const check = async () => {
    if (!(await hasher.verify(c.hash, c.password))) throw new Error(`${name} did not verify`);
  };
  row(`verify ${name}`, await rate(check, 3), await rate(check, 3, 4));
}

const secret = Buffer.from('bench-secret-bench-secret-bench-secret!!');
const tokens = new JwtTokenService({ secret });
const now = new Date();
const claims = {
  userId: crypto.randomUUID(),
  sessionId: crypto.randomUUID(),
  role: 'user' as const,
  email: 'bench@example.com',
  jti: crypto.randomUUID(),
  issuedAt: now,
  expiresAt: new Date(now.getTime() + 15 * 60_000),
};
const token = await tokens.signAccess(claims);
row('JWT HS256 sign (access)', await rate(() => tokens.signAccess(claims), 2));
row('JWT HS256 verify (access)', await rate(() => tokens.verifyAccess(token, now), 2));
const stringSecret = secret.toString('latin1');
row(
  '  for comparison: jsonwebtoken sign, string key',
  await rate(() => jwt.sign({ sub: 'x' }, stringSecret, { algorithm: 'HS256' }), 2),
);
row(
  '  for comparison: jsonwebtoken verify, string key',
  await rate(
    () =>
      jwt.verify(token, stringSecret, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(now.getTime() / 1000),
      }),
    2,
  ),
);
