import { rejects, same } from './check.js';
import { session, user } from './fixtures.js';
import { useSubject, type ContractRunner, type SubjectFactory } from './harness.js';

export function unitOfWorkContract(runner: ContractRunner, factory: SubjectFactory): void {
  const { describe, it } = runner;
  describe('UnitOfWork contract', () => {
    const { run, read } = useSubject(runner, factory);

    it('commits every change of a unit that returns, even one returning a failure value', async () => {
      const u = user(1);
      const outcome = await run(async (s) => {
        await s.users.add(u);
        await s.sessions.add(session(1, u.id));
        return { ok: false as const, code: 'refresh_reused' };
      });
      same(outcome.code, 'refresh_reused', 'the value comes back');
      same(await run((s) => s.users.count()), 1, 'user committed');
      same((await run((s) => s.sessions.listLive(u.id, new Date(0)))).length, 1, 'session committed');
    });

    it('rolls back every change of a unit that throws, and passes the error on', async () => {
      const u = user(1);
      await run((s) => s.users.add(u));
      await rejects(
        run(async (s) => {
          await s.users.update({ ...u, role: 'admin' });
          await s.users.add(user(2));
          await s.outbox.enqueue({
            id: '00000000-0000-4000-8000-0000000000aa',
            createdAt: new Date(),
            message: {
              type: 'password_reset_email',
              to: u.email,
              token: 't',
              expiresAt: new Date().toISOString(),
            },
          });
          throw new Error('boom');
        }),
        'the error reaches the caller',
      );
      same((await run((s) => s.users.findById(u.id)))?.role, 'user', 'update undone');
      same(await run((s) => s.users.count()), 1, 'insert undone');
    });

    it('reads outside a unit what units committed, alongside units running at the same time', async () => {
      const u = user(1);
      await run((s) => s.users.add(u));
      same(await read((s) => s.users.findById(u.id)), u, 'a committed row is read');
      const [found] = await Promise.all([
        read((s) => s.users.findById(u.id)),
        run((s) => s.users.add(user(2))),
        read((s) => s.users.count()),
      ]);
      same(found, u, 'a read beside a running unit');
      await rejects(
        read(async () => {
          throw new Error('boom');
        }),
        'an error in the read reaches the caller',
      );
    });

    it('runs units concurrently without losing either', async () => {
      await Promise.all([1, 2, 3, 4].map((n) => run((s) => s.users.add(user(n)).then(() => undefined))));
      same(await run((s) => s.users.count()), 4, 'all four committed');
    });
  });
}
