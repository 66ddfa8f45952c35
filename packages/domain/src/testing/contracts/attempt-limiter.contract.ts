import type { AttemptLimiter, AttemptWindow } from '../../ports/attempt-limiter.js';
import { check, same } from './check.js';
import type { ContractRunner } from './harness.js';

export interface AttemptLimiterSubject {
  readonly limiter: AttemptLimiter;
  /** Lets `ms` pass for the limiter: a fake clock moves on, a real store is waited for. */
  pass(ms: number): Promise<void>;
  /** Called after each test. */
  dispose?(): Promise<void>;
}

/** The same rules for every AttemptLimiter, in memory or in Redis. */
export function attemptLimiterContract(
  runner: Pick<ContractRunner, 'describe' | 'it'>,
  make: (windows: readonly AttemptWindow[]) => Promise<AttemptLimiterSubject>,
): void {
  const { describe, it } = runner;
  const withLimiter =
    (windows: readonly AttemptWindow[], body: (subject: AttemptLimiterSubject) => Promise<void>) =>
    async () => {
      const subject = await make(windows);
      try {
        await body(subject);
      } finally {
        await subject.dispose?.();
      }
    };
  describe('AttemptLimiter contract', () => {
    it(
      'allows a subject until a window holds max failures; checking counts nothing; subjects apart',
      withLimiter([{ max: 3, durationMs: 60_000 }], async ({ limiter }) => {
        for (let i = 0; i < 5; i += 1)
          same(await limiter.check('a@x.example'), { allowed: true }, 'unchecked');
        const before = Date.now();
        for (let i = 0; i < 2; i += 1) await limiter.recordFailure('a@x.example');
        same(await limiter.check('a@x.example'), { allowed: true }, 'two failures of three');
        await limiter.recordFailure('a@x.example');
        const verdict = await limiter.check('a@x.example');
        check(!verdict.allowed, 'refused at max failures');
        same(
          { max: verdict.max, windowMs: verdict.windowMs },
          { max: 3, windowMs: 60_000 },
          'the full window',
        );
        check(
          verdict.resetAt > Date.now() && verdict.resetAt <= before + 60_000 + 1_000,
          `the window ends within its duration of the first failure (${verdict.resetAt - before} ms)`,
        );
        same(await limiter.check('b@x.example'), { allowed: true }, 'another subject is free');
      }),
    );
    it(
      'refuses on whichever window fills first',
      withLimiter(
        [
          { max: 5, durationMs: 60_000 },
          { max: 2, durationMs: 3_600_000 },
        ],
        async ({ limiter }) => {
          await limiter.recordFailure('c@x.example');
          same(await limiter.check('c@x.example'), { allowed: true }, 'one failure');
          await limiter.recordFailure('c@x.example');
          const verdict = await limiter.check('c@x.example');
          check(!verdict.allowed, 'the second window is full');
          same(
            { max: verdict.max, windowMs: verdict.windowMs },
            { max: 2, windowMs: 3_600_000 },
            'that window',
          );
        },
      ),
    );
    it(
      'forgets a window once it ends, and the next failure opens a new one',
      withLimiter([{ max: 1, durationMs: 150 }], async ({ limiter, pass }) => {
        await limiter.recordFailure('d@x.example');
        check(!(await limiter.check('d@x.example')).allowed, 'refused inside the window');
        await pass(400);
        same(await limiter.check('d@x.example'), { allowed: true }, 'allowed after the window');
        await limiter.recordFailure('d@x.example');
        check(!(await limiter.check('d@x.example')).allowed, 'a new window, full again');
      }),
    );
  });
}
