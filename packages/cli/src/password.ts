import { CliFailure, type CliIo } from './io.js';
import { readHiddenLine } from './prompt.js';

export interface PasswordSources {
  /** `--password`, when given. */
  readonly given: string | undefined;
  /** A variable to read next (seed-admin and set-password: ADMIN_PASSWORD, for release scripts). */
  readonly envVar?: string;
  /** The question asked, hidden, when stdin is a terminal. */
  readonly prompt: string;
}

/**
 * The password from the flag, else the variable, else a hidden prompt on a terminal. There is never
 * a default: a fixed admin password is what the seed got wrong.
 */
export async function passwordFrom(io: CliIo, sources: PasswordSources): Promise<string> {
  if (sources.given !== undefined) return sources.given;
  if (sources.envVar !== undefined) {
    const fromEnv = io.env[sources.envVar];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  }
  if (io.stdin.isTTY === true) return readHiddenLine(io, sources.prompt);
  const env = sources.envVar === undefined ? '' : `, set ${sources.envVar}`;
  throw new CliFailure(`no password: pass --password${env}, or run in a terminal to be asked`);
}
