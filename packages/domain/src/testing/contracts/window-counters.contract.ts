import type { WindowCounters } from '../../ports/window-counters.js';
import { check, same } from './check.js';
import type { ContractRunner } from './harness.js';

export interface CountersSubject {
  readonly counters: WindowCounters;
  /** Lets `ms` pass for the counters: a fake clock moves on, a real store is waited for. */
  pass(ms: number): Promise<void>;
  /** Called after each test. */
  dispose?(): Promise<void>;
}

/** The same rules for every WindowCounters, in memory or in Redis. */
export function windowCountersContract(
  runner: Pick<ContractRunner, 'describe' | 'it'>,
  make: () => Promise<CountersSubject>,
): void {
  const { describe, it } = runner;
  const withCounters = (body: (subject: CountersSubject) => Promise<void>) => async () => {
    const subject = await make();
    try {
      await body(subject);
    } finally {
      await subject.dispose?.();
    }
  };
  describe('WindowCounters contract', () => {
    it(
      'opens a window with the first hit, counts each hit in it, and keeps its end',
      withCounters(async ({ counters }) => {
        same(await counters.peek('k1'), null, 'no window before a hit');
        const before = Date.now();
        const first = await counters.hit('k1', 60_000);
        same(first.count, 1, 'the first hit');
        check(
          first.resetAt >= before + 59_000 && first.resetAt <= Date.now() + 60_000 + 1_000,
          `the window lasts its duration (${first.resetAt - before} ms)`,
        );
        const second = await counters.hit('k1', 60_000);
        same(second.count, 2, 'the second hit');
        check(Math.abs(second.resetAt - first.resetAt) <= 1_000, 'a hit never pushes the end back');
        const peeked = await counters.peek('k1');
        same(peeked?.count, 2, 'peek sees the count');
        same((await counters.peek('k1'))?.count, 2, 'peeking counts nothing');
      }),
    );
    it(
      'keeps keys apart',
      withCounters(async ({ counters }) => {
        await counters.hit('a:1', 60_000);
        await counters.hit('a:1', 60_000);
        same((await counters.hit('a:2', 60_000)).count, 1, 'another key starts at one');
        same(await counters.peek('a:3'), null, 'an untouched key has no window');
      }),
    );
    it(
      'forgets a window once it ends; the next hit opens a new one',
      withCounters(async ({ counters, pass }) => {
        await counters.hit('e', 150);
        await counters.hit('e', 150);
        await pass(400);
        same(await counters.peek('e'), null, 'ended');
        same((await counters.hit('e', 150)).count, 1, 'a new window');
      }),
    );
  });
}
