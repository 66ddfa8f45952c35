import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { cleanupRefreshCommand } from './commands/cleanup-refresh.js';
import { migrateCommands } from './commands/migrate.js';
import { seedAdminCommand } from './commands/seed-admin.js';
import { sessionsCommands } from './commands/sessions.js';
import { usersCommands } from './commands/users/index.js';
import { line, UsageError, type CliIo } from './io.js';

/** This package's version: `package.json` is one directory up from both `src/` and `dist/`. */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/**
 * Runs one command and returns the exit code: 0 success, 1 failure (one clear line on stderr; the
 * stack only with --verbose), 2 usage error.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let pending: Promise<void> | undefined;
  const done = (p: Promise<void>) => {
    pending = p;
  };
  let cli = yargs([...argv])
    .scriptName('codex-auth')
    .usage('$0 <command> [options]')
    .option('verbose', { type: 'boolean', default: false, describe: 'show stack traces of failures' })
    .strict()
    .demandCommand(1, 'name a command')
    .recommendCommands()
    .help()
    .version('version', 'print the version of codex-auth', version())
    .exitProcess(false)
    .wrap(Math.min(100, io.stdout.columns ?? 100))
    .fail((message, error) => {
      // Thrown so that parsing stops here: no command handler runs after a usage error. yargs's own
      // errors (YError) are usage errors too; anything else is a fault, reported as such.
      if (error instanceof Error && error.name !== 'YError' && !(error instanceof UsageError)) throw error;
      throw error instanceof UsageError
        ? error
        : new UsageError(message || (error?.message ?? 'invalid command line'));
    });
  cli = migrateCommands(cli, io, done);
  cli = seedAdminCommand(cli, io, done);
  cli = usersCommands(cli, io, done);
  cli = sessionsCommands(cli, io, done);
  cli = cleanupRefreshCommand(cli, io, done);
  cli = cli
    .example('$0 users list --status pending', 'accounts waiting for approval')
    .example('$0 <command> --help', 'the options and examples of one command');

  let verbose = argv.includes('--verbose');
  try {
    const parsed = await cli.parseAsync([...argv], {}, (error, _argv, output) => {
      // Help and version text; on a usage error yargs passes the help too, which goes to stderr.
      if (output !== '' && !error) line(io.stdout, output);
    });
    verbose = parsed.verbose === true;
  } catch (error) {
    if (error instanceof UsageError) {
      line(io.stderr, `${error.message}\nRun 'codex-auth --help' for the commands and their options.`);
      return 2;
    }
    return report(io, error, verbose);
  }
  if (pending === undefined) return 0;
  try {
    await pending;
    return 0;
  } catch (error) {
    return report(io, error, verbose);
  }
}

/** A failure as one line on stderr (scripts and log collectors read one line per failure). */
function report(io: CliIo, error: unknown, verbose: boolean): number {
  line(io.stderr, `error: ${oneLine(error)}`);
  if (verbose && error instanceof Error && error.stack !== undefined) line(io.stderr, error.stack);
  return 1;
}

function oneLine(error: unknown): string {
  // By name: the composition (and its ConfigError) is loaded only by commands that need it. Its
  // message lists one problem a line; here they share one.
  if (error instanceof Error && error.name === 'ConfigError' && 'problems' in error) {
    return `invalid configuration: ${(error.problems as readonly string[]).join('; ')}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ');
}
