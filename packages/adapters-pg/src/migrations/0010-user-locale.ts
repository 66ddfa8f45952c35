import { sqlMigration } from './sql-migration.js';

/**
 * `users.locale`: the language of the account's emails. Existing accounts get `en`, the language
 * every email was in until now. The CHECK mirrors the domain's `LOCALES`; a new language adds a
 * migration widening it.
 */
export const addUserLocale = sqlMigration(
  '0010-user-locale',
  [
    "ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en'",
    "ALTER TABLE users ADD CONSTRAINT users_locale_check CHECK (locale IN ('en', 'es'))",
  ],
  ['ALTER TABLE users DROP COLUMN locale'],
);
