import type { Argv } from 'yargs';
import { UsageError } from './io.js';

/**
 * yargs reads `--page two` as NaN and `--page 1.5` as 1.5; both are usage errors (exit 2), not
 * values to pass on. Ranges (a negative grace period, say) are the use case's to judge.
 */
export function wholeNumbers<T>(y: Argv<T>, ...names: string[]): Argv<T> {
  return y.check((argv) => {
    for (const name of names) {
      const value = (argv as Record<string, unknown>)[name];
      if (value !== undefined && !Number.isSafeInteger(value)) {
        return new UsageError(`--${name} must be a whole number`);
      }
    }
    return true;
  });
}
