import type { Argv } from 'yargs';
import { withApplication } from '../context.js';
import { CliFailure, line, type CliIo, type Done } from '../io.js';

const JSON_FLAG = (shape: string) =>
  ({ type: 'boolean', default: false, describe: `print ${shape} (migration names)` }) as const;

export function migrateCommands<T>(cli: Argv<T>, io: CliIo, done: Done): Argv<T> {
  return cli
    .command(
      'migrate',
      'Bring the database schema up to date (idempotent)',
      (y) =>
        y.option('json', JSON_FLAG('{"applied":[…]}')).example('$0 migrate', 'apply every pending migration'),
      (args) =>
        done(
          withApplication(io, async (app) => {
            const applied = await app.schema.migrateLatest();
            if (args.json) line(io.stdout, JSON.stringify({ applied }));
            else
              line(
                io.stdout,
                applied.length === 0
                  ? 'schema is up to date'
                  : `applied ${applied.length}: ${applied.join(', ')}`,
              );
          }),
        ),
    )
    .command(
      'migrate:status',
      'List applied and pending migrations',
      (y) => y.option('json', JSON_FLAG('{"applied":[…],"pending":[…]}')).example('$0 migrate:status', ''),
      (args) =>
        done(
          withApplication(io, async (app) => {
            const { applied, pending } = await app.schema.migrationStatus();
            if (args.json) return line(io.stdout, JSON.stringify({ applied, pending }));
            for (const name of applied) line(io.stdout, `applied  ${name}`);
            for (const name of pending) line(io.stdout, `pending  ${name}`);
          }),
        ),
    )
    .command(
      'migrate:down',
      'Undo the last migration (development only; refused in production)',
      (y) =>
        y
          .option('json', JSON_FLAG('{"undone":[…]}'))
          .example('$0 migrate:down', 'undo the newest applied migration'),
      (args) =>
        done(
          withApplication(io, async (app) => {
            if (app.config.production)
              throw new CliFailure('migrate:down is refused in production: migrations only go forward');
            const undone = await app.schema.migrateDown();
            if (args.json) line(io.stdout, JSON.stringify({ undone }));
            else line(io.stdout, undone.length === 0 ? 'nothing to undo' : `undid ${undone.join(', ')}`);
          }),
        ),
    );
}
