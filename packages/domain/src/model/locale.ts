import { mustBeOneOf } from '../shared/messages.js';

/** The languages the emails are written in; an account's `locale` picks one. */
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** What an account gets when it names none, and what emails fall back to. */
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The field message for a locale outside `LOCALES`, spelled from the list so the two cannot drift. */
export const LOCALE_FIELD_MESSAGE = mustBeOneOf(LOCALES);
