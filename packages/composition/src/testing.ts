import type { Database } from '@codex-auth/adapters-pg';
import { databases, type Application } from './container.js';

/**
 * The Postgres adapter's database behind an application: tests set rows up and read them back
 * with its knex. Drivers' sources may not import this module (`scripts/check-architecture.mjs`):
 * they get the ports on `Application` (`schema`, `storage`, `locks`).
 */
export function databaseOf(app: Application): Database {
  const database = databases.get(app);
  if (database === undefined) throw new Error('not an application made by createApplication');
  return database;
}
