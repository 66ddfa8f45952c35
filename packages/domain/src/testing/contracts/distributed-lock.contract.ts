import type { DistributedLock } from '../../ports/distributed-lock.js';
import { check, same } from './check.js';
import type { ContractRunner } from './harness.js';

/** Two holders of one lock table, as two processes of a deployment would be. */
export interface LockSubject {
  readonly one: DistributedLock;
  readonly other: DistributedLock;
  /** Called after each test. */
  dispose?(): Promise<void>;
}

/** A promise and the function that settles it, to hold a lock open while the test looks. */
function gate(): { readonly opened: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

export function distributedLockContract(
  runner: Pick<ContractRunner, 'describe' | 'it'>,
  make: () => Promise<LockSubject>,
): void {
  const { describe, it } = runner;
  const withSubject = (body: (subject: LockSubject) => Promise<void>) => async () => {
    const subject = await make();
    try {
      await body(subject);
    } finally {
      await subject.dispose?.();
    }
  };
  describe('DistributedLock contract', () => {
    it(
      'runs one holder of a name at a time: another is turned away at once, other names are free',
      withSubject(async ({ one, other }) => {
        const inside = gate();
        const release = gate();
        const first = one.withAdvisoryLock('cleanup', async () => {
          inside.open();
          await release.opened;
          return 'first';
        });
        await inside.opened;
        let ran = false;
        same(
          await other.withAdvisoryLock('cleanup', async () => {
            ran = true;
            return 'second';
          }),
          { acquired: false },
          'the same name, held elsewhere',
        );
        check(!ran, 'a holder turned away does not run');
        same(
          await one.withAdvisoryLock('cleanup', async () => 'again'),
          { acquired: false },
          'the same name, from the holder itself',
        );
        same(
          await other.withAdvisoryLock('other-job', async () => 'other'),
          { acquired: true, value: 'other' },
          'another name',
        );
        release.open();
        same(await first, { acquired: true, value: 'first' }, "the holder's value");
        same(
          await other.withAdvisoryLock('cleanup', async () => 'later'),
          { acquired: true, value: 'later' },
          'the name, once released',
        );
      }),
    );

    it(
      "releases the lock when the holder's work throws, and hands the error back",
      withSubject(async ({ one, other }) => {
        const failure = new Error('the job failed');
        let thrown: unknown;
        try {
          await one.withAdvisoryLock('cleanup', async () => {
            throw failure;
          });
        } catch (error) {
          thrown = error;
        }
        check(thrown === failure, "the work's own error reaches the caller");
        same(
          await other.withAdvisoryLock('cleanup', async () => 'after'),
          { acquired: true, value: 'after' },
          'the name, after a failure',
        );
      }),
    );
  });
}
