import type { Argv } from 'yargs';
import type { CliIo, Done } from '../../io.js';
import { listCommand } from './list.js';
import { manageCommands } from './manage.js';

export function usersCommands<T>(cli: Argv<T>, io: CliIo, done: Done): Argv<T> {
  return cli.command(
    'users',
    'List and manage accounts, addressed by email',
    (y) => manageCommands(listCommand(y, io, done), io, done).demandCommand(1, 'name a users command'),
    () => undefined,
  );
}
