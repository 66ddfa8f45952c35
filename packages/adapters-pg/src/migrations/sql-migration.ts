import type { Knex } from 'knex';

export interface NamedMigration extends Knex.Migration {
  readonly name: string;
}

/**
 * A migration written as plain SQL statements. One statement per call because PGlite runs each
 * query as a prepared statement, which refuses several commands at once.
 */
export function sqlMigration(name: string, up: readonly string[], down: readonly string[]): NamedMigration {
  const run = (statements: readonly string[]) => async (db: Knex) => {
    for (const statement of statements) await db.raw(statement);
  };
  return { name, up: run(up), down: run(down) };
}
