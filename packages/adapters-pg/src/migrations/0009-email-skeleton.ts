import { Email, type EmailCanonicalizer } from '@codex-auth/domain';
import type { Knex } from 'knex';
import type { NamedMigration } from './sql-migration.js';

const NAME = '0009-email-skeleton';
const BATCH = 1000;

interface Row {
  id: string;
  email: string;
  created_at: Date;
}

/**
 * `users.email_skeleton`: the confusable skeleton of the email (`Email.skeletonOf`), under a unique
 * index, so that no new account can look like an existing one and two lookalike sign-ups cannot
 * both win a race. Postgres has no TR39, so the existing rows are filled in here, in JS, with the
 * very function new rows get theirs from (`emails` is the composition's canonicalizer).
 *
 * Existing accounts may already look alike one another. They keep working; the oldest of each such
 * group carries the skeleton (which is enough to keep newcomers out), the younger ones NULL, which the
 * unique index allows any number of.
 */
export function addEmailSkeleton(emails: EmailCanonicalizer | undefined): NamedMigration {
  return {
    name: NAME,
    async up(db: Knex) {
      await db.raw('ALTER TABLE users ADD COLUMN email_skeleton text');
      await backfill(db, emails);
      await db.raw('CREATE UNIQUE INDEX users_email_skeleton_key ON users (email_skeleton)');
    },
    async down(db: Knex) {
      await db.raw('DROP INDEX users_email_skeleton_key');
      await db.raw('ALTER TABLE users DROP COLUMN email_skeleton');
    },
  };
}

async function backfill(db: Knex, emails: EmailCanonicalizer | undefined): Promise<void> {
  const seen = new Set<string>();
  let after: Row | undefined;
  for (;;) {
    // Keyset pages in creation order, so "the oldest of a group" is the first one met.
    const { rows } = (await (after === undefined
      ? db.raw(`SELECT id, email, created_at FROM users ORDER BY created_at, id LIMIT ${BATCH}`)
      : db.raw(
          `SELECT id, email, created_at FROM users WHERE (created_at, id) > (?::timestamptz, ?::uuid)
           ORDER BY created_at, id LIMIT ${BATCH}`,
          [after.created_at, after.id],
        ))) as { rows: Row[] };
    if (rows.length === 0) return;
    if (emails === undefined) {
      throw new Error(`${NAME}: users exist, and their email skeletons need an EmailCanonicalizer`);
    }
    const updates: [string, string][] = [];
    for (const row of rows) {
      const skeleton = Email.skeletonOf(row.email, emails);
      if (seen.has(skeleton)) continue;
      seen.add(skeleton);
      updates.push([row.id, skeleton]);
    }
    if (updates.length > 0) {
      await db.raw(
        `UPDATE users SET email_skeleton = v.skeleton
         FROM (VALUES ${updates.map(() => '(?::uuid, ?)').join(', ')}) AS v(id, skeleton)
         WHERE users.id = v.id`,
        updates.flat(),
      );
    }
    after = rows.at(-1);
  }
}
