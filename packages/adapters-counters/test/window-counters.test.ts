import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { CountingAttemptLimiter } from '@codex-auth/domain';
import { attemptLimiterContract, windowCountersContract } from '@codex-auth/domain/testing';
import { memoryWindowCounters, redisWindowCounters, type Counters } from '../src/index.js';
import { useTestRedis } from '../src/testing/index.js';

// Both implementations are held to the domain's WindowCounters contract, and the domain's attempt
// limits over each to the AttemptLimiter contract: the same suites the in-memory fakes pass.
function contracts(open: () => Counters): void {
  windowCountersContract({ describe, it }, async () => {
    const counters = open();
    return { counters, pass: (ms) => sleep(ms), dispose: () => counters.close() };
  });
  attemptLimiterContract({ describe, it }, async (windows) => {
    const counters = open();
    return {
      limiter: new CountingAttemptLimiter(counters, 'contract', windows),
      pass: (ms) => sleep(ms),
      dispose: () => counters.close(),
    };
  });
}

describe('window counters in memory', () => {
  contracts(() => memoryWindowCounters());
});

describe('window counters in Redis', function () {
  const { redis, url, prefix } = useTestRedis('Redis window counters');
  // A prefix per set of counters, so that each contract test starts with none of its keys.
  let made = 0;
  const fresh = () => `${prefix()}${(made += 1)}:`;

  describe('on a client of the caller', () => {
    contracts(() => redisWindowCounters(redis(), { prefix: fresh() }));
  });

  describe('on a connection of their own', () => {
    contracts(() => redisWindowCounters(url(), { prefix: fresh() }));
  });

  it('shares counts between two sets of counters (two processes) on one Redis', async () => {
    const a = redisWindowCounters(url(), { prefix: prefix() });
    const b = redisWindowCounters(url(), { prefix: prefix() });
    try {
      await a.hit('shared', 60_000);
      expect((await b.hit('shared', 60_000)).count).to.equal(2);
      expect((await a.peek('shared'))?.count).to.equal(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps no key in clear: the subject is hashed under the prefix', async () => {
    const counters = redisWindowCounters(redis(), { prefix: prefix() });
    await counters.hit('login_email:0:someone@example.com', 60_000);
    const keys = await redis().keys(`${prefix()}*`);
    expect(keys.some((k) => k.includes('someone'))).to.equal(false);
    expect(keys.length).to.be.greaterThan(0);
    await counters.close();
  });
});

describe('window counters in Redis, while Redis is down', () => {
  it('count in this process instead, say so once, and never fail the caller', async () => {
    const reports: Error[] = [];
    const counters = redisWindowCounters('redis://127.0.0.1:1', {
      prefix: 'down:',
      onUnavailable: (error) => reports.push(error),
    });
    try {
      expect((await counters.hit('k', 60_000)).count).to.equal(1);
      expect((await counters.hit('k', 60_000)).count).to.equal(2);
      expect((await counters.peek('k'))?.count).to.equal(2);
      expect(reports).to.have.length(1);
    } finally {
      await counters.close();
    }
  });

  it('open no connection until first used, so a process that never counts never connects', async () => {
    const counters = redisWindowCounters('redis://127.0.0.1:1', { onUnavailable: () => expect.fail('used') });
    await sleep(50);
    await counters.close();
  });
});
