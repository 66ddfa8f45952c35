import { userJson } from '@codex-auth/wire';
import type { Argv } from 'yargs';
import { nonEmpty } from '../args.js';
import { userByEmail, withApplication } from '../context.js';
import { line, type CliIo, type Done } from '../io.js';
import { valueOf } from '../outcome.js';

export function sessionsCommands<T>(cli: Argv<T>, io: CliIo, done: Done): Argv<T> {
  return cli.command(
    'sessions',
    "Manage an account's sessions",
    (y) =>
      y
        .command(
          'revoke-all',
          'End every session of an account: its refresh tokens stop at once, access tokens on the next request',
          (s) =>
            nonEmpty(
              s
                .option('email', { type: 'string', demandOption: true, describe: "the account's email" })
                .option('json', {
                  type: 'boolean',
                  default: false,
                  describe: 'print {"user": …, "revoked": N} (N as the API\'s logout_all counts it)',
                })
                .example('$0 sessions revoke-all --email ana@example.com', 'after a lost laptop'),
              'email',
            ),
          (args) =>
            done(
              withApplication(io, async (app) => {
                const user = await userByEmail(app, args.email);
                // LogoutAll, as if the user had asked: it needs only who, not which session.
                const { revoked } = valueOf(
                  await app.useCases.logoutAll.execute({
                    principal: { userId: user.id, sessionId: '', email: user.email, role: user.role, user },
                  }),
                );
                line(
                  io.stdout,
                  args.json
                    ? JSON.stringify({ user: userJson(user), revoked })
                    : `revoked ${revoked} ${revoked === 1 ? 'session' : 'sessions'} of ${user.email}`,
                );
              }),
            ),
        )
        .demandCommand(1, 'name a sessions command'),
    () => undefined,
  );
}
