import type { Argv } from 'yargs';
import { UsageError } from './io.js';

/** The whole numbers an option accepts; `max` is left out where the use case judges the upper end. */
export interface Range {
  readonly min: number;
  readonly max?: number;
}

/**
 * yargs reads `--page two` as NaN and `--page 1.5` as 1.5, and takes `--grace-days -1` as given:
 * all are usage errors (exit 2), caught before any database is opened. Limits the CLI cannot know
 * (a grace period's upper end) stay the use case's to judge.
 */
export function wholeNumbers<T>(y: Argv<T>, ranges: Readonly<Record<string, Range>>): Argv<T> {
  return y.check((argv) => {
    for (const [name, range] of Object.entries(ranges)) {
      const value = (argv as Record<string, unknown>)[name];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        return new UsageError(`--${name} must be a whole number`);
      }
      if (value < range.min) return new UsageError(`--${name} must be at least ${range.min}`);
      if (range.max !== undefined && value > range.max) {
        return new UsageError(`--${name} must be at most ${range.max}`);
      }
    }
    return true;
  });
}

/** `--email ''` (or only spaces, which the domain trims away) names no account: a usage error. */
export function nonEmpty<T>(y: Argv<T>, ...names: string[]): Argv<T> {
  return y.check((argv) => {
    for (const name of names) {
      const value = (argv as Record<string, unknown>)[name];
      if (typeof value === 'string' && value.trim() === '')
        return new UsageError(`--${name} must not be empty`);
    }
    return true;
  });
}
