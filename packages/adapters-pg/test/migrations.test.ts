import { expect } from 'chai';
import type { Knex } from 'knex';
import { migrations, type Database } from '../src/index.js';
import { userListQuery } from '../src/repositories/user-repository.js';
import { backends, closeBackend } from './support/backends.js';

const ALL = migrations.map((m) => m.name);
const APP_TABLES = ['outbox', 'password_reset_tokens', 'refresh_tokens', 'sessions', 'users'];

async function tables(knex: Knex): Promise<string[]> {
  const { rows } = (await knex.raw(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_name NOT LIKE 'knex\\_%' ORDER BY table_name`,
  )) as { rows: { table_name: string }[] };
  return rows.map((r) => r.table_name);
}

/** The Postgres error code of a failed statement. */
async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

for (const backend of backends) {
  describe(`adapters-pg schema on ${backend.name}`, function () {
    let db: Database | undefined;
    const knex = () => db!.knex;

    before(async function () {
      db = await backend.open(this, { migrate: false });
    });

    after(async () => {
      await closeBackend(db);
    });

    it('migrates up from empty, down to empty, and up again', async () => {
      expect(await db!.migrationStatus()).to.deep.equal({ applied: [], pending: ALL });
      expect(await db!.migrateLatest()).to.deep.equal(ALL);
      expect(await tables(knex())).to.deep.equal(APP_TABLES);
      expect(await db!.migrationStatus()).to.deep.equal({ applied: ALL, pending: [] });
      expect(await db!.migrateLatest(), 'a second run has nothing to do').to.deep.equal([]);

      expect(await db!.migrateDown()).to.deep.equal([ALL.at(-1)]);
      expect(await db!.migrationStatus()).to.deep.equal({
        applied: ALL.slice(0, -1),
        pending: ALL.slice(-1),
      });
      expect(await db!.rollbackAll()).to.deep.equal(ALL.slice(0, -1).reverse());
      expect(await tables(knex())).to.deep.equal([]);

      expect(await db!.migrateLatest()).to.deep.equal(ALL);
      expect(await tables(knex())).to.deep.equal(APP_TABLES);
    });

    it('enforces the rules in the database, not only in code', async () => {
      const user = (id: number, email: string, role = 'user') =>
        knex().raw(
          `INSERT INTO users (id, email, password_hash, role, status, created_at)
           VALUES (?::uuid, ?, 'h', ?, 'approved', now())`,
          [`00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, email, role],
        );
      const uid = (id: number) => `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`;
      await user(1, 'ada@example.com');
      expect(await sqlState(user(2, 'ADA@example.com')), 'unique lower(email)').to.equal('23505');
      expect(await sqlState(user(3, 'x@example.com', 'root')), 'role check').to.equal('23514');
      expect(
        await sqlState(knex().raw(`UPDATE users SET status = 'banned' WHERE id = ?::uuid`, [uid(1)])),
        'status check',
      ).to.equal('23514');
      expect(
        await sqlState(knex().raw(`UPDATE users SET locale = 'fr' WHERE id = ?::uuid`, [uid(1)])),
        'locale check',
      ).to.equal('23514');
      const stored = (await knex().raw('SELECT locale FROM users WHERE id = ?::uuid', [uid(1)])) as {
        rows: { locale: string }[];
      };
      expect(stored.rows[0]?.locale, 'an account that names no language is English').to.equal('en');

      await knex().raw(
        `INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at) VALUES (?::uuid, ?::uuid, now(), now(), now())`,
        [uid(10), uid(1)],
      );
      const token = (jti: number, parent: number | null) =>
        knex().raw(
          `INSERT INTO refresh_tokens (jti, session_id, user_id, parent_jti, created_at, expires_at)
           VALUES (?::uuid, ?::uuid, ?::uuid, ?::uuid, now(), now())`,
          [uid(jti), uid(10), uid(1), parent === null ? null : uid(parent)],
        );
      await token(20, null);
      await token(21, 20);
      expect(
        await sqlState(
          knex().raw(`UPDATE refresh_tokens SET spent_at = now() WHERE jti = ?::uuid`, [uid(21)]),
        ),
        'a spent token names its successor',
      ).to.equal('23514');
      await knex().raw(`DELETE FROM refresh_tokens WHERE jti = ?::uuid`, [uid(20)]);
      const child = (await knex().raw(`SELECT parent_jti FROM refresh_tokens WHERE jti = ?::uuid`, [
        uid(21),
      ])) as {
        rows: { parent_jti: string | null }[];
      };
      expect(child.rows[0]?.parent_jti, 'parent_jti ON DELETE SET NULL').to.equal(null);
      await knex().raw(
        `INSERT INTO password_reset_tokens (id, user_id, token_hash, created_at, expires_at) VALUES (?::uuid, ?::uuid, 'd', now(), now())`,
        [uid(30), uid(1)],
      );
      expect(
        await sqlState(
          knex().raw(
            `INSERT INTO password_reset_tokens (id, user_id, token_hash, created_at, expires_at) VALUES (?::uuid, ?::uuid, 'd', now(), now())`,
            [uid(31), uid(1)],
          ),
        ),
        'token_hash unique',
      ).to.equal('23505');

      await knex().raw(`DELETE FROM users WHERE id = ?::uuid`, [uid(1)]);
      const left = (await knex().raw(
        `SELECT (SELECT count(*) FROM sessions) + (SELECT count(*) FROM refresh_tokens) + (SELECT count(*) FROM password_reset_tokens) AS n`,
      )) as { rows: { n: unknown }[] };
      expect(Number(left.rows[0]?.n), 'sessions and tokens cascade from users').to.equal(0);
    });

    it('serves the substring search (q) from the trigram index', async () => {
      const plans: string[] = [];
      await knex().transaction(async (trx) => {
        // Rows with statistics, so the plan reflects real costs; rolled back. A table this small
        // still favours a sequential scan, so that is ruled out: the question is which index qualifies.
        await trx.raw(
          `INSERT INTO users (id, email, password_hash, role, status, created_at)
           SELECT md5(i::text)::uuid, md5(i::text) || '@example.com', 'h', 'user', 'approved', now() + i * interval '1 second'
           FROM generate_series(1, 5000) AS i`,
        );
        await trx.raw('ANALYZE users');
        await trx.raw('SET LOCAL enable_seqscan = off');
        for (const builder of [
          // A piece of md5('42'), upper-cased: the search is case-insensitive.
          userListQuery(trx, { q: 'C6E83F02' }).select('id').orderBy(['created_at', 'id']).limit(10),
          userListQuery(trx, { q: 'c6e83f02' }).count('* as total'),
          userListQuery(trx, { q: '100%_x' }).count('* as total'),
        ]) {
          const { sql, bindings } = builder.toSQL();
          const { rows } = (await trx.raw(`EXPLAIN ${sql}`, bindings)) as { rows: Record<string, string>[] };
          plans.push(rows.map((r) => Object.values(r).join(' ')).join('\n'));
        }
        await trx.rollback();
      });
      expect(plans).to.have.length(3);
      for (const plan of plans) expect(plan, plan).to.include('users_email_trgm_idx');
    });
  });
}
