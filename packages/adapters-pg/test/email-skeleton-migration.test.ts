import { Email } from '@codex-auth/domain';
import { FakeEmailCanonicalizer } from '@codex-auth/domain/testing';
import { expect } from 'chai';
import { migrations, type Database } from '../src/index.js';
import { backends, closeBackend } from './support/backends.js';

const emails = new FakeEmailCanonicalizer();
const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const LATEST = '0009-email-skeleton';
/** This migration and the ones released after it, in order: rolled back and applied again together. */
const FROM_LATEST = migrations.map((m) => m.name).slice(migrations.findIndex((m) => m.name === LATEST));

/** Rolls back to just before 0009, one migration at a time. */
async function downToBefore(db: Database): Promise<string[]> {
  const undone: string[] = [];
  for (let i = 0; i < FROM_LATEST.length; i++) undone.push(...(await db.migrateDown()));
  return undone;
}

async function insertLegacy(db: Database, n: number, email: string): Promise<void> {
  await db.knex.raw(
    `INSERT INTO users (id, email, password_hash, role, status, created_at)
     VALUES (?::uuid, ?, 'h', 'user', 'approved', ?::timestamptz)`,
    [uid(n), email, new Date(Date.UTC(2020, 0, n))],
  );
}

async function skeletons(db: Database): Promise<Record<string, string | null>> {
  const { rows } = (await db.knex.raw('SELECT email, email_skeleton FROM users ORDER BY created_at')) as {
    rows: { email: string; email_skeleton: string | null }[];
  };
  return Object.fromEntries(rows.map((r) => [r.email, r.email_skeleton]));
}

for (const backend of backends) {
  describe(`migration ${LATEST} on ${backend.name}`, function () {
    let db: Database | undefined;

    afterEach(async () => {
      await closeBackend(db);
      db = undefined;
    });

    it('fills in existing skeletons, the oldest of a lookalike group only, and keeps newcomers out', async function () {
      db = await backend.open(this, { migrate: false, emails });
      await db.migrateLatest();
      expect(await downToBefore(db)).to.deep.equal([...FROM_LATEST].reverse());
      await insertLegacy(db, 1, 'admin@example.com');
      await insertLegacy(db, 2, '\u0430dmin@example.com'); // an older lookalike: keeps working
      await insertLegacy(db, 3, 'ada@b\u00fccher.example'); // stored before domains were ASCII
      await insertLegacy(db, 4, 'bob@example.com');
      expect(await db.migrateLatest()).to.deep.equal(FROM_LATEST);

      expect(await skeletons(db)).to.deep.equal({
        'admin@example.com': Email.skeletonOf('admin@example.com', emails),
        '\u0430dmin@example.com': null,
        'ada@b\u00fccher.example': Email.skeletonOf('ada@xn--bcher-kva.example', emails),
        'bob@example.com': Email.skeletonOf('bob@example.com', emails),
      });
      const add = (n: number, email: string) =>
        db!.uow.run((s) =>
          s.users.add(
            {
              id: uid(n),
              email,
              passwordHash: 'h',
              role: 'user',
              status: 'pending',
              createdAt: new Date(),
              approvedAt: null,
              tokensValidAfter: null,
              locale: 'en',
            },
            Email.skeletonOf(email, emails),
          ),
        );
      expect(await add(10, 'adm\u0456n@example.com')).to.equal('email_confusable');
      expect(await add(11, 'ada@xn--bcher-kva.example')).to.equal('email_confusable');
      expect(await add(12, 'carol@example.com')).to.equal('added');
      const legacy = await db.uow.run((s) => s.users.findByEmail('\u0430dmin@example.com'));
      expect(legacy?.id, 'the older lookalike still logs in').to.equal(uid(2));

      expect(await downToBefore(db)).to.deep.equal([...FROM_LATEST].reverse());
      expect(await db.migrateLatest(), 'reversible').to.deep.equal(FROM_LATEST);
    });

    it('refuses to guess: without a canonicalizer, a database with users is not migrated', async function () {
      db = await backend.open(this, { migrate: false });
      await db.migrateLatest();
      await downToBefore(db);
      await insertLegacy(db, 1, 'admin@example.com');
      let failure: unknown;
      await db.migrateLatest().catch((error: unknown) => (failure = error));
      expect(String(failure)).to.include('EmailCanonicalizer');
      expect((await db.migrationStatus()).pending).to.deep.equal(FROM_LATEST);
      const { rows } = (await db.knex.raw(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email_skeleton'`,
      )) as { rows: unknown[] };
      expect(rows, 'the failed migration left nothing behind').to.deep.equal([]);
    });
  });
}
