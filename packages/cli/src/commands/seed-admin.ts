import { userJson } from '@codex-auth/wire';
import type { Argv } from 'yargs';
import { nonEmpty } from '../args.js';
import { withApplication } from '../context.js';
import { line, type CliIo, type Done } from '../io.js';
import { valueOf } from '../outcome.js';
import { passwordFrom, passwordOptions, warnIfPasswordFlag } from '../password.js';

export function seedAdminCommand<T>(cli: Argv<T>, io: CliIo, done: Done): Argv<T> {
  return cli.command(
    'seed-admin',
    'Create an approved admin, or promote an existing account, and set its password',
    (y) =>
      nonEmpty(
        passwordOptions(
          y.option('email', { type: 'string', demandOption: true, describe: "the admin's email" }),
          'the password',
          'ADMIN_PASSWORD, else a prompt',
        )
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'print {"user": …, "created": true|false}',
          })
          .example('$0 seed-admin --email ops@example.com', 'asks for the password')
          .example('ADMIN_PASSWORD=… $0 seed-admin --email ops@example.com', 'in a release script')
          .example('$0 seed-admin --email ops@example.com --password-stdin < pw.txt', 'from a file or pipe'),
        'email',
      ),
    (args) => {
      warnIfPasswordFlag(io, args.password);
      done(
        withApplication(io, async (app) => {
          const password = await passwordFrom(io, {
            given: args.password,
            fromStdin: args['password-stdin'] === true,
            envVar: 'ADMIN_PASSWORD',
            prompt: 'Password for the admin: ',
          });
          const { user, created } = valueOf(
            await app.useCases.seedAdmin.execute({ email: args.email, password }),
          );
          line(
            io.stdout,
            args.json
              ? JSON.stringify({ user: userJson(user), created })
              : `${created ? 'created' : 'promoted'} admin ${user.email} (${user.id})`,
          );
        }),
      );
    },
  );
}
