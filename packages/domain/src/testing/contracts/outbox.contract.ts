import type { NewOutboxJob } from '../../model/outbox-job.js';
import { check, same } from './check.js';
import { at, uuid } from './fixtures.js';
import { useSubject, type ContractRunner, type SubjectFactory } from './harness.js';

function job(n: number, createdAt = at(n)): NewOutboxJob {
  return {
    id: uuid(n, 5),
    createdAt,
    message: {
      type: 'password_reset_email',
      to: `p${n}@example.com`,
      token: `raw-secret-${n}`,
      expiresAt: at(3600).toISOString(),
    },
  };
}

export function outboxContract(runner: ContractRunner, factory: SubjectFactory): void {
  const { describe, it } = runner;
  describe('Outbox and OutboxQueue contract', () => {
    const { run, subject } = useSubject(runner, factory);
    const queue = () => subject().outboxQueue;
    const enqueue = (...jobs: NewOutboxJob[]) =>
      run(async (s) => {
        for (const j of jobs) await s.outbox.enqueue(j);
      });

    it('hands out a committed job with its message, counting the attempt and leasing it', async () => {
      const j = job(1);
      await enqueue(j);
      const claimed = await queue().claim({ now: at(100), limit: 10, leaseMs: 30_000 });
      same(claimed.length, 1, 'one job');
      same(
        {
          id: claimed[0]?.id,
          message: claimed[0]?.message,
          attempts: claimed[0]?.attempts,
          lockedUntil: claimed[0]?.lockedUntil,
        },
        { id: j.id, message: j.message, attempts: 1, lockedUntil: at(130) },
        'claimed as enqueued',
      );
      same(
        await queue().claim({ now: at(110), limit: 10, leaseMs: 30_000 }),
        [],
        'leased: not handed out again',
      );
      const again = await queue().claim({ now: at(131), limit: 10, leaseMs: 30_000 });
      same(
        [again[0]?.id, again[0]?.attempts],
        [j.id, 2],
        'after the lease lapses (a dead worker) it comes back',
      );
    });

    it('claims oldest first, up to the limit', async () => {
      await enqueue(job(3, at(3)), job(1, at(1)), job(2, at(2)));
      const first = await queue().claim({ now: at(100), limit: 2, leaseMs: 1000 });
      same(
        first.map((j) => j.id),
        [uuid(1, 5), uuid(2, 5)],
        'two oldest',
      );
      const rest = await queue().claim({ now: at(100), limit: 2, leaseMs: 1000 });
      same(
        rest.map((j) => j.id),
        [uuid(3, 5)],
        'then the third',
      );
    });

    it('never hands one job to two concurrent claimers', async () => {
      await enqueue(...Array.from({ length: 30 }, (_, i) => job(i + 1)));
      const batches = await Promise.all(
        Array.from({ length: 4 }, () => queue().claim({ now: at(100), limit: 10, leaseMs: 60_000 })),
      );
      const ids = batches.flat().map((j) => j.id);
      same(new Set(ids).size, ids.length, 'no job twice');
      same(ids.length, 30, 'every job once');
    });

    it('completes a job for good and erases its secret', async () => {
      const j = job(1);
      await enqueue(j);
      const [claimed] = await queue().claim({ now: at(100), limit: 1, leaseMs: 1000 });
      same(await queue().complete(claimed!, at(101)), true, 'the claim holder completes it');
      same(await queue().claim({ now: at(5000), limit: 10, leaseMs: 1000 }), [], 'done jobs are not claimed');
      const stored = await queue().find(j.id);
      same(stored?.doneAt, at(101), 'done time');
      check(stored !== null && !JSON.stringify(stored.message).includes('raw-secret-1'), 'the token is gone');
    });

    it('retries a failed job at the given time, or gives up when there is none', async () => {
      const j = job(1);
      const k = job(2);
      await enqueue(j, k);
      const claimed = await queue().claim({ now: at(100), limit: 10, leaseMs: 1000 });
      const claimOf = (id: string) => claimed.find((c) => c.id === id)!;
      same(await queue().fail(claimOf(j.id), at(101), 'smtp 451', at(200)), true, 'rescheduled');
      same(await queue().fail(claimOf(k.id), at(101), 'smtp 550', null), true, 'given up');
      same(await queue().claim({ now: at(150), limit: 10, leaseMs: 1000 }), [], 'not before the retry time');
      const retried = await queue().claim({ now: at(200), limit: 10, leaseMs: 1000 });
      same(
        [retried.map((x) => x.id), retried[0]?.attempts, retried[0]?.lastError],
        [[j.id], 2, 'smtp 451'],
        'retried',
      );
      const given = await queue().find(k.id);
      same([given?.failedAt, given?.lastError], [at(101), 'smtp 550'], 'failed for good');
      check(
        given !== null && !JSON.stringify(given.message).includes('raw-secret-2'),
        'a dead job keeps no secret',
      );
    });

    it('ignores a worker whose lease lapsed and whose job was claimed again', async () => {
      const j = job(1);
      await enqueue(j);
      const [stale] = await queue().claim({ now: at(100), limit: 1, leaseMs: 1000 });
      const [fresh] = await queue().claim({ now: at(102), limit: 1, leaseMs: 1000 });
      same([stale?.attempts, fresh?.attempts], [1, 2], 'claimed twice');
      same(await queue().complete(stale!, at(103)), false, 'the stale claim cannot complete it');
      same(await queue().fail(stale!, at(103), 'late', null), false, 'nor fail it');
      same((await queue().find(j.id))?.doneAt, null, 'still pending for the fresh claim');
      same(await queue().complete(fresh!, at(104)), true, 'the fresh claim completes it');
      same(await queue().complete(fresh!, at(105)), false, 'once');
    });

    it('purges jobs finished before a cut-off, leaving pending and recent ones', async () => {
      await enqueue(job(1), job(2), job(3), job(4));
      const claimed = await queue().claim({ now: at(100), limit: 10, leaseMs: 1000 });
      const claimOf = (n: number) => claimed.find((c) => c.id === uuid(n, 5))!;
      await queue().complete(claimOf(1), at(110));
      await queue().fail(claimOf(2), at(120), 'smtp 550', null);
      await queue().complete(claimOf(3), at(500));
      same(await queue().purgeFinishedBefore(at(200), 1), 1, 'batch of one');
      same(await queue().purgeFinishedBefore(at(200), 10), 1, 'the rest');
      const left = await Promise.all(
        [1, 2, 3, 4].map(async (n) => (await queue().find(uuid(n, 5))) !== null),
      );
      same(left, [false, false, true, true], 'recently done and pending jobs stay');
    });

    it('takes a released job back at once, without counting the attempt', async () => {
      await enqueue(job(1));
      const [claimed] = await queue().claim({ now: at(100), limit: 1, leaseMs: 60_000 });
      same(await queue().release(claimed!), true, 'released');
      same(await queue().release(claimed!), false, 'once');
      const [again] = await queue().claim({ now: at(101), limit: 1, leaseMs: 60_000 });
      same([again?.id, again?.attempts], [claimed?.id, 1], 'claimable at once, still on its first attempt');
    });

    it('rewrites a claimed job in a unit of work, for its latest claim only, and rolls back with it', async () => {
      await enqueue({
        id: uuid(1, 5),
        createdAt: at(1),
        message: { type: 'password_reset_requested', email: 'p1@example.com' },
      });
      const sealed = {
        type: 'password_reset_email',
        to: 'p1@example.com',
        sealedToken: 'sealed-secret-1',
        expiresAt: at(3600).toISOString(),
      } as const;
      const [stale] = await queue().claim({ now: at(100), limit: 1, leaseMs: 1000 });
      const [fresh] = await queue().claim({ now: at(102), limit: 1, leaseMs: 1000 });
      same(await run((s) => s.outbox.rewrite(stale!, sealed)), false, 'a stale claim cannot rewrite it');
      await run(async (s) => {
        check(await s.outbox.rewrite(fresh!, sealed), 'the latest claim rewrites it');
        throw new Error('rollback');
      }).catch(() => undefined);
      same(
        (await queue().find(uuid(1, 5)))?.message.type,
        'password_reset_requested',
        'rolled back with its unit',
      );
      same(await run((s) => s.outbox.rewrite(fresh!, sealed)), true, 'rewritten');
      same((await queue().find(uuid(1, 5)))?.message, sealed, 'the new message, as given');
      same(await queue().release(fresh!), true, 'still held by that claim');
      const [next] = await queue().claim({ now: at(103), limit: 1, leaseMs: 1000 });
      same(next?.message, sealed, 'claimed again with the new message');
      same(await queue().complete(next!, at(104)), true, 'sent');
      const done = await queue().find(uuid(1, 5));
      check(
        done !== null && !JSON.stringify(done.message).includes('sealed-secret-1'),
        'the sealed token is erased',
      );
      same(await run((s) => s.outbox.rewrite(next!, sealed)), false, 'a finished job is not rewritten');
    });

    it('takes any string an address may hold, even a lone surrogate', async () => {
      const email = 'lone\ud800surrogate@example.com';
      await enqueue({
        id: uuid(1, 5),
        createdAt: at(1),
        message: { type: 'password_reset_requested', email },
      });
      const [claimed] = await queue().claim({ now: at(100), limit: 1, leaseMs: 1000 });
      same(claimed?.id, uuid(1, 5), 'stored and handed out');
    });

    it('does not see jobs of a rolled-back unit', async () => {
      await run(async (s) => {
        await s.outbox.enqueue(job(1));
        throw new Error('rollback');
      }).catch(() => undefined);
      same(await queue().claim({ now: at(100), limit: 10, leaseMs: 1000 }), [], 'nothing to send');
      same(await queue().find(uuid(1, 5)), null, 'nothing stored');
    });
  });
}
