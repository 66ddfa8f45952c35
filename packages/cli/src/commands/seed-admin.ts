import type { Argv } from 'yargs';
import { withApplication } from '../context.js';
import { line, type CliIo, type Done } from '../io.js';
import { valueOf } from '../outcome.js';
import { passwordFrom } from '../password.js';

export function seedAdminCommand<T>(cli: Argv<T>, io: CliIo, done: Done): Argv<T> {
  return cli.command(
    'seed-admin',
    'Create an approved admin, or promote an existing account, and set its password',
    (y) =>
      y
        .option('email', { type: 'string', demandOption: true, describe: "the admin's email" })
        .option('password', { type: 'string', describe: 'the password (else ADMIN_PASSWORD, else a prompt)' })
        .example('$0 seed-admin --email ops@example.com', 'asks for the password')
        .example('ADMIN_PASSWORD=… $0 seed-admin --email ops@example.com', 'in a release script'),
    (args) =>
      done(
        withApplication(io, async (app) => {
          const password = await passwordFrom(io, {
            given: args.password,
            envVar: 'ADMIN_PASSWORD',
            prompt: 'Password for the admin: ',
          });
          const { user, created } = valueOf(
            await app.useCases.seedAdmin.execute({ email: args.email, password }),
          );
          line(io.stdout, `${created ? 'created' : 'promoted'} admin ${user.email} (${user.id})`);
        }),
      ),
  );
}
