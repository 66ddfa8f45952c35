import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { redisWindowCounters, DEFAULT_COUNTER_PREFIX } from '@codex-auth/adapters-counters';
import { useTestRedis } from '@codex-auth/adapters-counters/testing';
import { loadConfig, type Config } from '@codex-auth/composition';
import { expectProblem } from './support/problems.js';
import { World } from './support/world.js';
import { PASSWORD, uniqueEmail, type Answer, type Client } from './support/world.js';
import { useWorld } from './support/use-world.js';

// The shipped defaults (5/minute login, 5/minute;30/hour forgot-password, …), not the suite's.
const DEFAULT_LIMITS = loadConfig({}).rateLimits;

function expectLimited(answer: Answer, limit: number): void {
  expectProblem(answer, 429, 'rate_limited');
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).to.be.within(1, 3600);
  expect(answer.headers.get('x-ratelimit-limit')).to.equal(String(limit));
  expect(answer.headers.get('x-ratelimit-remaining')).to.equal('0');
  expect(Number(answer.headers.get('x-ratelimit-reset'))).to.be.greaterThan(Date.now() / 1000);
  expect(answer.headers.get('ratelimit-limit')).to.equal(String(limit));
  expect(answer.headers.get('ratelimit-remaining')).to.equal('0');
  expect(Number(answer.headers.get('ratelimit-reset'))).to.be.within(1, 3600);
}

/** An app's config with the given limits, trusting one proxy hop so tests can speak for several ips. */
function limitedConfig(world: World, rateLimits: Partial<Config['rateLimits']> = {}): Config {
  return {
    ...world.config,
    http: { ...world.config.http, trustProxyHops: 1 },
    rateLimits: { ...world.config.rateLimits, ...rateLimits },
  };
}

const login = (client: Client, email: string, password: string, ip = '198.51.100.1') =>
  client.request('POST', '/api/v1/auth/login', {
    json: { email, password },
    headers: { 'X-Forwarded-For': ip },
  });

/** Where the Redis counters keep `key` (hashed, under the default prefix). */
const redisKey = (key: string) =>
  `${DEFAULT_COUNTER_PREFIX}${createHash('sha256').update(key).digest('base64url')}`;

describe('rate limits', function () {
  this.timeout(60_000);
  let world: World;

  useWorld((w) => (world = w));

  const limited = (rateLimits: Partial<Config['rateLimits']>) => limitedConfig(world, rateLimits);

  it('login: the 6th attempt from one ip within a minute is 429 with Retry-After, whatever the outcome', async () => {
    const client = await world.serve({ config: limited({ login: DEFAULT_LIMITS.login }) });
    const { email } = await world.approvedUser();
    const remaining: string[] = [];
    for (const password of [PASSWORD, 'wrong password 1', PASSWORD, 'wrong password 2', PASSWORD]) {
      const answer = await login(client, email, password);
      expect([200, 401]).to.include(answer.status);
      if (answer.status === 200)
        world.remember({ access: answer.body.access_token, refresh: answer.body.refresh_token });
      remaining.push(answer.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).to.deep.equal(['4', '3', '2', '1', '0']);
    const sixth = await login(client, email, PASSWORD);
    expectLimited(sixth, 5);
    expect(Number(sixth.headers.get('retry-after'))).to.be.within(1, 60);

    // Another ip has its own count.
    const other = await login(client, email, PASSWORD, '198.51.100.2');
    expect(other.status).to.equal(200);
    world.remember({ access: other.body.access_token, refresh: other.body.refresh_token });

    const lines = await world.settledLines();
    const event = lines.find(
      (l) => l['event'] === 'rate_limited' && l['request_id'] === sixth.body.request_id,
    );
    expect(event).to.include({ limit: 'login', ip: '198.51.100.1', level: 'warn' });
  });

  it('forgot-password: 5 per minute and 30 per hour per ip', async () => {
    const client = await world.serve({ config: limited({ forgotPassword: DEFAULT_LIMITS.forgotPassword }) });
    const forgot = (ip: string) =>
      client.request('POST', '/api/v1/auth/forgot-password', {
        json: { email: uniqueEmail() },
        headers: { 'X-Forwarded-For': ip },
      });
    for (let i = 0; i < 5; i += 1) expect((await forgot('192.0.2.1')).status).to.equal(202);
    expectLimited(await forgot('192.0.2.1'), 5);

    // The hourly window, with a short per-minute window out of the way.
    const hourly = await world.serve({
      config: limited({
        forgotPassword: [{ max: 100, durationMs: 60_000 }, DEFAULT_LIMITS.forgotPassword[1]!],
      }),
    });
    for (let i = 0; i < 30; i += 1) {
      const answer = await hourly.request('POST', '/api/v1/auth/forgot-password', {
        json: { email: 'x' },
        headers: { 'X-Forwarded-For': '192.0.2.2' },
      });
      expect(answer.status).to.equal(400);
    }
    const over = await hourly.request('POST', '/api/v1/auth/forgot-password', {
      json: { email: 'x' },
      headers: { 'X-Forwarded-For': '192.0.2.2' },
    });
    expectLimited(over, 30);
    expect(Number(over.headers.get('retry-after'))).to.be.within(60, 3600);
  });

  it('passing answers carry the headers of the window nearest its limit', async () => {
    const client = await world.serve({
      config: limited({
        forgotPassword: [
          { max: 10, durationMs: 60_000 },
          { max: 3, durationMs: 3_600_000 },
        ],
      }),
    });
    const answer = await client.request('POST', '/api/v1/auth/forgot-password', {
      json: { email: uniqueEmail() },
    });
    expect(answer.headers.get('ratelimit-limit')).to.equal('3');
    expect(answer.headers.get('ratelimit-remaining')).to.equal('2');
    expect(answer.headers.get('ratelimit-policy')).to.equal('3;w=3600');
  });

  it('register: 10 per hour per ip; refresh: 60 per minute per ip', async () => {
    const client = await world.serve({
      config: limited({ register: DEFAULT_LIMITS.register, refresh: DEFAULT_LIMITS.refresh }),
    });
    for (let i = 0; i < 10; i += 1) {
      expectProblem(
        await client.request('POST', '/api/v1/auth/register', { json: { email: 'bad', password: 'x' } }),
        400,
        'validation_failed',
      );
    }
    expectLimited(
      await client.request('POST', '/api/v1/auth/register', {
        json: { email: uniqueEmail(), password: PASSWORD },
      }),
      10,
    );
    for (let i = 0; i < 60; i += 1) {
      expectProblem(await client.request('POST', '/api/v1/auth/refresh'), 401, 'refresh_required');
    }
    expectLimited(await client.request('POST', '/api/v1/auth/refresh'), 60);
    // Routes without a limit are not counted at all.
    expect((await client.request('GET', '/healthz')).headers.has('ratelimit-limit')).to.equal(false);
  });
});

describe('attempt limits per account (counted by the use cases)', function () {
  this.timeout(60_000);
  let world: World;

  // The shipped per-account limit; the other limits stay out of the way.
  useWorld((w) => (world = w), { env: { LOGIN_EMAIL_RATE_LIMIT: '10/15minutes' } });

  it('login: 10 failed attempts per email per 15 minutes, from any ip; successes do not count', async () => {
    const client = await world.serve({ config: limitedConfig(world) });
    const happy = await world.approvedUser();
    for (let i = 0; i < 12; i += 1) {
      const answer = await login(client, happy.email, PASSWORD, `198.51.100.${i + 10}`);
      expect(answer.status).to.equal(200);
      world.remember({ access: answer.body.access_token, refresh: answer.body.refresh_token });
    }
    const target = await world.approvedUser();
    for (let i = 0; i < 10; i += 1) {
      expectProblem(
        await login(client, target.email, 'wrong password 3', `203.0.113.${i + 1}`),
        401,
        'invalid_credentials',
      );
    }
    const blocked = await login(client, target.email.toUpperCase(), PASSWORD, '203.0.113.99');
    expectLimited(blocked, 10);
    expect(Number(blocked.headers.get('retry-after'))).to.be.within(1, 15 * 60);
    // Unknown emails are counted the same way, so the limit reveals nothing.
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 10; i += 1) await login(client, ghost, PASSWORD, `203.0.113.${i + 1}`);
    expectLimited(await login(client, ghost, PASSWORD), 10);
    expect((await login(client, happy.email, PASSWORD)).status).to.equal(200);
  });

  it('change-password: wrong current passwords count against the same per-account limit', async () => {
    const client = await world.serve({ config: limitedConfig(world) });
    const victim = await world.approvedUser();
    const guess = (current: string) =>
      client.request('POST', '/api/v1/auth/change-password', {
        token: victim.tokens.access,
        json: { current_password: current, new_password: 'a brand new password 9' },
      });
    for (let i = 0; i < 10; i += 1)
      expectProblem(await guess(`guess number ${i}`), 401, 'invalid_credentials');
    expectLimited(await guess(PASSWORD), 10);
    // The same counter guards the login of that email.
    expectLimited(await login(client, victim.email, PASSWORD), 10);
  });
});

describe('rate limits while Redis is down', function () {
  this.timeout(60_000);

  it('fall back to in-process limits, say so once, and never fail a request', async () => {
    const world = await World.start({ REDIS_URL: 'redis://127.0.0.1:1', LOGIN_EMAIL_RATE_LIMIT: '3/minute' });
    try {
      const client = await world.serve({
        config: limitedConfig(world, { login: DEFAULT_LIMITS.login }),
        counters: world.application.counters,
      });
      const before = world.lines.length;
      // Per ip: 5 a minute, counted in memory while Redis is away.
      for (let i = 0; i < 5; i += 1)
        expectProblem(
          await login(client, uniqueEmail(), PASSWORD, '198.51.100.77'),
          401,
          'invalid_credentials',
        );
      expectLimited(await login(client, uniqueEmail(), PASSWORD, '198.51.100.77'), 5);
      // Per account: 3 failures a minute, from any ip.
      const email = uniqueEmail();
      for (let i = 0; i < 3; i += 1)
        expectProblem(
          await login(client, email, 'wrong password', `198.51.100.${100 + i}`),
          401,
          'invalid_credentials',
        );
      expectProblem(await login(client, email, 'wrong password', '198.51.100.110'), 429, 'rate_limited');
      const lines = (await world.settledLines()).slice(before);
      const warnings = lines.filter((l) => l['event'] === 'rate_limit_store_unavailable');
      expect(warnings.length, 'once a minute per store, not per request').to.equal(1);
      expect(warnings[0]).to.include({ level: 'warn', fallback: 'memory' });
      expect(lines.some((l) => l['event'] === 'internal_error')).to.equal(false);
    } finally {
      await world.stop();
    }
  });
});

describe('rate limits in Redis, shared by every process pointed at it', function () {
  this.timeout(60_000);
  const { url, redis, prefix } = useTestRedis('Redis-backed rate limits');
  let world: World;

  useWorld((w) => (world = w));

  it('two app instances count one ip’s logins together', async () => {
    const config = limitedConfig(world, { login: DEFAULT_LIMITS.login });
    const a = await world.serve({ config, counters: redisWindowCounters(redis(), { prefix: prefix() }) });
    const b = await world.serve({ config, counters: redisWindowCounters(redis(), { prefix: prefix() }) });
    const email = uniqueEmail('shared');
    for (const client of [a, b, a, b, a])
      expectProblem(await login(client, email, PASSWORD), 401, 'invalid_credentials');
    expectLimited(await login(b, email, PASSWORD), 5);
    expectLimited(await login(a, email, PASSWORD), 5);
    expect((await login(b, email, PASSWORD, '198.51.100.77')).status).to.equal(401);
  });

  it('two applications given REDIS_URL count one account’s failures together, keeping no address in clear', async () => {
    const env = { REDIS_URL: url(), LOGIN_EMAIL_RATE_LIMIT: '3/15minutes' };
    const one = await World.start(env);
    const two = await World.start(env);
    const email = uniqueEmail('ghost');
    const keys = [0].map((index) => redisKey(`login_email:${index}:${email}`));
    try {
      const a = await one.serve({ config: limitedConfig(one), counters: one.application.counters });
      const b = await two.serve({ config: limitedConfig(two), counters: two.application.counters });
      for (const [client, ip] of [
        [a, '10.1.0.1'],
        [b, '10.1.0.2'],
        [a, '10.1.0.3'],
      ] as const) {
        expectProblem(await login(client, email, 'wrong password 4', ip), 401, 'invalid_credentials');
      }
      expectLimited(await login(b, email, PASSWORD, '10.1.0.4'), 3);
      expect(await redis().exists(...keys)).to.equal(1);
      const stored = await redis().keys(`${DEFAULT_COUNTER_PREFIX}*`);
      expect(stored.join(' ')).to.not.include(email.split('@')[0]!);
    } finally {
      await redis().del(...keys);
      await one.stop();
      await two.stop();
    }
  });

  it('an application given REDIS_URL counts the ip limits there too', async () => {
    const redisWorld = await World.start({ REDIS_URL: url() });
    const ip = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const key = redisKey(`login:0:${ip}`);
    try {
      const config = limitedConfig(redisWorld, { login: [{ max: 2, durationMs: 60_000 }] });
      const counters = redisWorld.application.counters;
      const a = await redisWorld.serve({ config, counters });
      const b = await redisWorld.serve({ config, counters });
      for (const client of [a, b])
        expectProblem(await login(client, uniqueEmail(), PASSWORD, ip), 401, 'invalid_credentials');
      expectLimited(await login(a, uniqueEmail(), PASSWORD, ip), 2);
      expect(await redis().get(key)).to.equal('3');
    } finally {
      await redis().del(key);
      await redisWorld.stop();
    }
  });
});
