import { text } from 'node:stream/consumers';
import type { Argv } from 'yargs';
import { CliFailure, line, type CliIo } from './io.js';
import { readHiddenLine } from './prompt.js';

export interface PasswordSources {
  /** `--password`, when given. */
  readonly given: string | undefined;
  /** `--password-stdin`: the whole of standard input, less one trailing newline. */
  readonly fromStdin: boolean;
  /** A variable to read next (seed-admin and set-password: ADMIN_PASSWORD, for release scripts). */
  readonly envVar?: string;
  /** The question asked, hidden, when stdin is a terminal. */
  readonly prompt: string;
}

export const PASSWORD_WARNING =
  'warning: a password given with --password is visible to other users of this machine (ps, shell ' +
  'history); prefer the prompt, --password-stdin or ADMIN_PASSWORD';

/**
 * `--password` (kept for compatibility, with a warning) and `--password-stdin`, which cannot be
 * combined. `what` says whose password it is, for --help.
 */
export function passwordOptions<T>(y: Argv<T>, what: string, fallback: string) {
  return (
    y
      .option('password', {
        type: 'string',
        describe: `${what} (visible to other users of this machine: prefer --password-stdin)`,
      })
      // No default: yargs counts a default as given, and would see every --password as a conflict.
      .option('password-stdin', {
        type: 'boolean',
        describe: `read ${what} from standard input, less one trailing newline (neither: ${fallback})`,
      })
      .conflicts('password', 'password-stdin')
  );
}

/**
 * Warns, before any work, that `--password` put the secret where `ps` and shell history see it. The
 * warning names no password.
 */
export function warnIfPasswordFlag(io: CliIo, given: string | undefined): void {
  if (given !== undefined) line(io.stderr, PASSWORD_WARNING);
}

/**
 * The password from the flag, else standard input when asked (and not a terminal), else the
 * variable, else a hidden prompt on a terminal. There is never a default: a fixed admin password is what the seed got wrong.
 */
export async function passwordFrom(io: CliIo, sources: PasswordSources): Promise<string> {
  if (sources.given !== undefined) return sources.given;
  if (sources.fromStdin) {
    // At a terminal, standard input is the keyboard: ask without echo rather than show it typed.
    if (io.stdin.isTTY === true) return readHiddenLine(io, sources.prompt);
    // `echo "$PW" | …` and `printf %s "$PW" | …` both work: only the newline echo adds is dropped.
    const password = (await text(io.stdin)).replace(/\r?\n$/, '');
    if (password === '') throw new CliFailure('no password on standard input (--password-stdin)');
    return password;
  }
  if (sources.envVar !== undefined) {
    const fromEnv = io.env[sources.envVar];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  }
  if (io.stdin.isTTY === true) return readHiddenLine(io, sources.prompt);
  const env = sources.envVar === undefined ? '' : `, set ${sources.envVar}`;
  throw new CliFailure(`no password: pass --password-stdin${env}, or run in a terminal to be asked`);
}
