import type { Application } from '@codex-auth/composition';
import { LOCALES, ROLES, type UserView } from '@codex-auth/domain';
import type { Argv } from 'yargs';
import { nonEmpty } from '../../args.js';
import { userByEmail, withApplication } from '../../context.js';
import { userJson } from '@codex-auth/wire';
import { line, type CliIo, type Done } from '../../io.js';
import { valueOf } from '../../outcome.js';
import { passwordFrom, passwordOptions, warnIfPasswordFlag } from '../../password.js';

const EMAIL = { type: 'string', demandOption: true, describe: "the account's email (any case)" } as const;
const JSON_FLAG = { type: 'boolean', default: false, describe: 'print {"user": …} as the API does' } as const;
const ROLE = { type: 'string', choices: ROLES, describe: 'admin or user' } as const;
const LOCALE = {
  type: 'string',
  choices: LOCALES,
  describe: "the language of the account's emails (en when absent)",
} as const;

/** The user as JSON with --json, else one sentence. */
function report(io: CliIo, json: boolean, user: UserView, sentence: string): void {
  line(io.stdout, json ? JSON.stringify({ user: userJson(user) }) : sentence);
}

const who = (user: UserView) => `${user.email} (${user.id})`;

/**
 * One command that finds the account by email and applies a use case to it. The rules (last admin,
 * password policy) live in the use case, so the CLI cannot break one the API keeps.
 */
function byEmail<T>(
  cli: Argv<T>,
  io: CliIo,
  done: Done,
  spec: {
    name: string;
    describe: string;
    examples: readonly [string, string][];
    apply: (app: Application, user: UserView) => Promise<UserView>;
    sentence: (user: UserView) => string;
  },
): Argv<T> {
  return cli.command(
    spec.name,
    spec.describe,
    (y) => {
      let built = y.option('email', EMAIL).option('json', JSON_FLAG);
      for (const [command, what] of spec.examples) built = built.example(command, what);
      return nonEmpty(built, 'email');
    },
    (args) =>
      done(
        withApplication(io, async (app) => {
          const updated = await spec.apply(app, await userByEmail(app, args.email));
          report(io, args.json, updated, spec.sentence(updated));
        }),
      ),
  );
}

export function manageCommands<T>(cli: Argv<T>, io: CliIo, done: Done): Argv<T> {
  let c = cli.command(
    'create',
    'Create an approved account (an admin vouches for it)',
    (y) =>
      nonEmpty(
        passwordOptions(
          y.option('email', { type: 'string', demandOption: true, describe: 'the new account’s email' }),
          'its password',
          'a hidden prompt on a terminal',
        )
          .option('role', { ...ROLE, default: 'user' as const })
          .option('locale', LOCALE)
          .option('json', JSON_FLAG)
          .example('$0 users create --email ana@example.com', 'asks for the password')
          .example('$0 users create --email eva@example.com --locale es', 'her emails in Spanish')
          .example(
            '$0 users create --email ops@example.com --role admin --password-stdin < pw.txt',
            'a second admin, from a script',
          ),
        'email',
      ),
    (args) => {
      warnIfPasswordFlag(io, args.password);
      done(
        withApplication(io, async (app) => {
          const password = await passwordFrom(io, {
            given: args.password,
            fromStdin: args['password-stdin'] === true,
            prompt: `Password for ${args.email}: `,
          });
          const user = valueOf(
            await app.useCases.createUser.execute({
              email: args.email,
              password,
              role: args.role,
              ...(args.locale === undefined ? {} : { locale: args.locale }),
            }),
          );
          report(io, args.json, user, `created ${user.role} ${who(user)}`);
        }),
      );
    },
  );
  c = byEmail(c, io, done, {
    name: 'approve',
    describe: 'Approve an account (pending, rejected or disabled); idempotent',
    examples: [['$0 users approve --email ana@example.com', '']],
    apply: async (app, user) => valueOf(await app.useCases.approveUser.execute({ id: user.id }), user.email),
    sentence: (user) => `approved ${who(user)}`,
  });
  c = byEmail(c, io, done, {
    name: 'reject',
    describe: 'Reject an account, from any status; its sessions end',
    examples: [['$0 users reject --email spam@example.com', '']],
    apply: async (app, user) => valueOf(await app.useCases.rejectUser.execute({ id: user.id }), user.email),
    sentence: (user) => `rejected ${who(user)}; its sessions are revoked`,
  });
  c = byEmail(c, io, done, {
    name: 'disable',
    describe: "Disable an account; its sessions end ('users approve' enables it again)",
    examples: [['$0 users disable --email ana@example.com', '']],
    apply: async (app, user) =>
      valueOf(await app.useCases.updateUser.execute({ id: user.id, status: 'disabled' }), user.email),
    sentence: (user) => `disabled ${who(user)}; its sessions are revoked`,
  });
  c = c.command(
    'set-role',
    'Make an account an admin, or a user',
    (y) =>
      nonEmpty(
        y
          .option('email', EMAIL)
          .option('role', { ...ROLE, demandOption: true })
          .option('json', JSON_FLAG)
          .example('$0 users set-role --email ana@example.com --role admin', ''),
        'email',
      ),
    (args) =>
      done(
        withApplication(io, async (app) => {
          const user = await userByEmail(app, args.email);
          const updated = valueOf(
            await app.useCases.updateUser.execute({ id: user.id, role: args.role }),
            user.email,
          );
          report(
            io,
            args.json,
            updated,
            `${who(updated)} is now ${updated.role === 'admin' ? 'an admin' : 'a user'}`,
          );
        }),
      ),
  );
  return c.command(
    'set-password',
    "Set an account's password; every session of it ends",
    (y) =>
      nonEmpty(
        passwordOptions(y.option('email', EMAIL), 'the new password', 'ADMIN_PASSWORD, else a prompt')
          .option('json', JSON_FLAG)
          .example('$0 users set-password --email ana@example.com', 'asks for the new password')
          .example('$0 users set-password --email ana@example.com --password-stdin < pw.txt', 'in a script')
          .example('ADMIN_PASSWORD=… $0 users set-password --email ops@example.com', 'in a release script'),
        'email',
      ),
    (args) => {
      warnIfPasswordFlag(io, args.password);
      done(
        withApplication(io, async (app) => {
          // Found first, so a mistyped email is reported before anyone types a password.
          await userByEmail(app, args.email);
          const password = await passwordFrom(io, {
            given: args.password,
            fromStdin: args['password-stdin'] === true,
            envVar: 'ADMIN_PASSWORD',
            prompt: `New password for ${args.email}: `,
          });
          const user = valueOf(
            await app.useCases.setPassword.execute({ email: args.email, password }),
            args.email,
          );
          report(io, args.json, user, `password set for ${who(user)}; its sessions are revoked`);
        }),
      );
    },
  );
}
