import { check, same } from './check.js';
import { at, user, uuid } from './fixtures.js';
import { useSubject, type ContractRunner, type SubjectFactory } from './harness.js';

export function userRepositoryContract(runner: ContractRunner, factory: SubjectFactory): void {
  const { describe, it } = runner;
  describe('UserRepository contract', () => {
    const { run } = useSubject(runner, factory);

    it('stores a user and reads every field back', async () => {
      const u = user(1, { role: 'admin', tokensValidAfter: at(50), locale: 'es' });
      const pending = user(2, { status: 'pending', approvedAt: null });
      same(await run((s) => s.users.add(u)), 'added', 'add answers added');
      await run((s) => s.users.add(pending));
      same(await run((s) => s.users.findById(u.id)), u, 'findById returns what was stored');
      same(await run((s) => s.users.findById(pending.id)), pending, 'nulls survive the round trip');
      same(await run((s) => s.users.findById(uuid(999))), null, 'an unknown id is null');
    });

    it('keeps emails unique regardless of case, as an outcome rather than an error', async () => {
      await run((s) => s.users.add(user(1, { email: 'ada@example.com' })));
      const outcome = await run((s) => s.users.add(user(2, { email: 'ADA@Example.COM' })));
      same(outcome, 'email_taken', 'a case-variant of a stored email is taken');
      same(await run((s) => s.users.count()), 1, 'the clash wrote nothing');
      // The transaction stays usable after a clash (no aborted-transaction state leaks out).
      const both = await run(async (s) => {
        const first = await s.users.add(user(3, { email: 'ADA@example.com' }));
        const second = await s.users.add(user(4, { email: 'grace@example.com' }));
        return [first, second];
      });
      same(both, ['email_taken', 'added'], 'a clash inside a unit of work leaves it usable');
    });

    it('refuses a user whose email skeleton another has, as an outcome, and writes nothing', async () => {
      await run((s) => s.users.add(user(1, { email: 'admin@example.com' }), 'skeleton-a'));
      const outcomes = await run(async (s) => [
        await s.users.add(user(2, { email: 'lookalike@example.com' }), 'skeleton-a'),
        await s.users.add(user(3, { email: 'ADMIN@example.com' }), 'skeleton-a'),
        await s.users.add(user(4, { email: 'other@example.com' }), 'skeleton-b'),
      ]);
      same(outcomes, ['email_confusable', 'email_taken', 'added'], 'skeleton clash; an exact clash wins');
      same(await run((s) => s.users.count()), 2, 'the clashes wrote nothing');
      same(await run((s) => s.users.findById(uuid(2))), null, 'the lookalike is not stored');
    });

    it('leaves users added without a skeleton out of the lookalike check', async () => {
      const outcomes = await run(async (s) => [
        await s.users.add(user(1, { email: 'older@example.com' })),
        await s.users.add(user(2, { email: 'older2@example.com' })),
        await s.users.add(user(3, { email: 'new@example.com' }), 'skeleton-n'),
        await s.users.add(user(4, { email: 'new2@example.com' })),
      ]);
      same(outcomes, ['added', 'added', 'added', 'added'], 'no skeleton, no clash');
    });

    it('keeps skeletons unique under concurrent inserts of different lookalikes', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          run((s) => s.users.add(user(20 + i, { email: `look${i}@example.com` }), 'skeleton-race')),
        ),
      );
      same(outcomes.filter((o) => o === 'added').length, 1, 'one insert wins');
      same(outcomes.filter((o) => o === 'email_confusable').length, 4, 'the others clash');
      same(await run((s) => s.users.count()), 1, 'one row exists');
    });

    it('finds by email case-insensitively and ignoring surrounding space', async () => {
      const u = user(1, { email: 'mixed@example.com' });
      await run((s) => s.users.add(u));
      same((await run((s) => s.users.findByEmail('  MIXED@example.COM ')))?.id, u.id, 'found');
      same(await run((s) => s.users.findByEmail('other@example.com')), null, 'unknown email is null');
    });

    it('finds nothing for text a database cannot store (NUL), and stays usable', async () => {
      await run((s) => s.users.add(user(1, { email: 'nul@example.com' })));
      const found = await run(async (s) => [
        await s.users.findByEmail('nul\u0000@example.com'),
        (await s.users.list({ q: 'nul\u0000', offset: 0, limit: 10 })).items.length,
        await s.resetTokens.findByHash('digest\u0000'),
        (await s.users.findByEmail('nul@example.com'))?.email,
      ]);
      same(found, [null, 0, null, 'nul@example.com'], 'NUL matches nothing; later queries still work');
    });

    it('updates role, status, hash, locale and times but never id, email or creation time', async () => {
      const u = user(1, { status: 'pending', approvedAt: null });
      await run((s) => s.users.add(u));
      const changed = {
        ...u,
        role: 'admin' as const,
        status: 'approved' as const,
        approvedAt: at(99),
        passwordHash: 'new-hash',
        tokensValidAfter: at(100),
        locale: 'es' as const,
      };
      await run((s) => s.users.update({ ...changed, email: 'sneaky@example.com', createdAt: at(5000) }));
      same(await run((s) => s.users.findById(u.id)), changed, 'mutable fields changed, the rest kept');
    });

    it('lists by creation time then id, with status filter, literal substring search and paging', async () => {
      const users = [
        user(1, { email: 'alice@corp.io', createdAt: at(10) }),
        user(2, { email: 'bob@corp.io', createdAt: at(10), status: 'pending', approvedAt: null }),
        user(3, { email: '100%_real@corp.io', createdAt: at(5) }),
        user(4, { email: '100xxreal@corp.io', createdAt: at(20) }),
        user(5, { email: 'CAROL@other.org', createdAt: at(30), status: 'disabled' }),
      ];
      await run(async (s) => {
        for (const u of users) await s.users.add(u);
      });
      const ids = (page: { items: readonly { id: string }[] }) => page.items.map((u) => u.id);
      const all = await run((s) => s.users.list({ offset: 0, limit: 10 }));
      same(
        ids(all),
        [users[2]!.id, users[0]!.id, users[1]!.id, users[3]!.id, users[4]!.id],
        'order: created_at, id',
      );
      same(all.total, 5, 'total counts everything');
      const pending = await run((s) => s.users.list({ status: 'pending', offset: 0, limit: 10 }));
      same([ids(pending), pending.total], [[users[1]!.id], 1], 'status filter');
      const literal = await run((s) => s.users.list({ q: '%_', offset: 0, limit: 10 }));
      same(ids(literal), [users[2]!.id], "'%' and '_' match only themselves");
      const underscore = await run((s) => s.users.list({ q: '0_r', offset: 0, limit: 10 }));
      same(ids(underscore), [], "'_' is not a wildcard");
      const caseless = await run((s) => s.users.list({ q: 'carol@OTHER', offset: 0, limit: 10 }));
      same(ids(caseless), [users[4]!.id], 'search is case-insensitive');
      const combined = await run((s) => s.users.list({ q: 'corp', status: 'approved', offset: 1, limit: 1 }));
      same([ids(combined), combined.total], [[users[0]!.id], 3], 'filters, offset and limit combine');
      const past = await run((s) => s.users.list({ offset: 50, limit: 10 }));
      same([ids(past), past.total], [[], 5], 'a page past the end is empty with the real total');
    });

    it('counts users and approved admins', async () => {
      await run(async (s) => {
        await s.users.add(user(1, { role: 'admin' }));
        await s.users.add(user(2, { role: 'admin', status: 'disabled' }));
        await s.users.add(user(3, { role: 'admin', status: 'pending', approvedAt: null }));
        await s.users.add(user(4));
        await s.users.add(user(5, { role: 'admin' }));
      });
      same(await run((s) => s.users.count()), 5, 'count');
      same(await run((s) => s.users.countActiveAdmins()), 2, 'only approved admins count');
    });

    it('serialises concurrent last-admin checks: two demotions cannot both see two admins', async () => {
      const a = user(1, { role: 'admin' });
      const b = user(2, { role: 'admin' });
      await run(async (s) => {
        await s.users.add(a);
        await s.users.add(b);
      });
      const demote = (id: string) =>
        run(async (s) => {
          if ((await s.users.countActiveAdmins()) <= 1) return false;
          const current = await s.users.findById(id);
          if (current === null) return false;
          await s.users.update({ ...current, role: 'user' });
          return true;
        });
      const outcomes = await Promise.all([demote(a.id), demote(b.id)]);
      same(outcomes.filter(Boolean).length, 1, 'exactly one demotion succeeds');
      same(await run((s) => s.users.countActiveAdmins()), 1, 'one admin is left');
    });

    it('serialises read-modify-write through findByIdForUpdate: no concurrent change is lost', async () => {
      const u = user(1, { status: 'pending', approvedAt: null });
      await run((s) => s.users.add(u));
      const change = (patch: (x: typeof u) => typeof u) =>
        run(async (s) => {
          const current = await s.users.findByIdForUpdate(u.id);
          if (current === null) return;
          // A pause between read and write, where an unlocked read would let the other unit in.
          await s.users.count();
          await s.users.update(patch(current));
        });
      await Promise.all([
        change((x) => ({ ...x, role: 'admin' })),
        change((x) => ({ ...x, passwordHash: 'changed-hash' })),
        change((x) => ({ ...x, tokensValidAfter: at(77) })),
      ]);
      const final = await run((s) => s.users.findById(u.id));
      same(
        [final?.role, final?.passwordHash, final?.tokensValidAfter],
        ['admin', 'changed-hash', at(77)],
        'all three changes survive',
      );
      same(await run((s) => s.users.findByIdForUpdate(uuid(999))), null, 'unknown id is null');
    });

    it('keeps emails unique under concurrent inserts', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          run((s) => s.users.add(user(10 + i, { email: 'race@example.com' }))),
        ),
      );
      same(outcomes.filter((o) => o === 'added').length, 1, 'one insert wins');
      check((await run((s) => s.users.count())) === 1, 'one row exists');
    });
  });
}
