import type { Locale } from '../../../model/locale.js';
import { en } from './en.js';
import { es } from './es.js';
import type { ResetEmailTexts } from './texts.js';

export type { ResetEmailTexts } from './texts.js';

/** One entry per locale: a new language is a new file and a line here (the type demands both). */
export const RESET_EMAIL_TEXTS: Readonly<Record<Locale, ResetEmailTexts>> = { en, es };
