import { USER_STATUSES } from '@codex-auth/domain';
import type { Argv } from 'yargs';
import { wholeNumbers } from '../../args.js';
import { withApplication } from '../../context.js';
import { line, type CliIo, type Done } from '../../io.js';
import { valueOf } from '../../outcome.js';
import { userJson } from '@codex-auth/wire';
import { boxedTable, plainTable } from '../../format/user-table.js';

/**
 * Three shapes, chosen for who reads them: `--json`, the API's list document; a terminal, a boxed
 * table and the page line; a pipe, a plain table (one user per line, page line on stderr) so
 * `grep`/`awk` see only rows.
 */
export function listCommand<T>(cli: Argv<T>, io: CliIo, done: Done): Argv<T> {
  return cli.command(
    'list',
    'List accounts, oldest first, a page at a time',
    (y) =>
      wholeNumbers(
        y
          .option('status', {
            type: 'string',
            choices: USER_STATUSES,
            describe: 'only accounts in this status',
          })
          .option('q', { type: 'string', describe: 'part of the email, case-insensitive' })
          .option('page', { type: 'number', default: 1, describe: 'page number, from 1' })
          .option('per-page', { type: 'number', default: 10, describe: 'accounts per page (at most 100)' })
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'print {"items":[…],"meta":{…}} as the API does',
          })
          .example('$0 users list --status pending', 'who is waiting for approval')
          .example('$0 users list --q @example.com --json', 'for a script'),
        { page: { min: 1 }, 'per-page': { min: 1, max: 100 } },
      ),
    (args) =>
      done(
        withApplication(io, async (app) => {
          const { items, meta } = valueOf(
            await app.useCases.listUsers.execute({
              status: args.status,
              q: args.q,
              page: args.page,
              perPage: args['per-page'],
            }),
          );
          if (args.json) {
            const document = {
              items: items.map(userJson),
              meta: { page: meta.page, per_page: meta.perPage, pages: meta.pages, total: meta.total },
            };
            line(io.stdout, JSON.stringify(document));
            return;
          }
          const more = meta.page < meta.pages ? `; next: --page ${meta.page + 1}` : '';
          const summary = `page ${meta.page} of ${Math.max(meta.pages, 1)}, ${meta.total} ${meta.total === 1 ? 'account' : 'accounts'}${more}`;
          if (io.stdout.isTTY === true) {
            if (items.length > 0) line(io.stdout, boxedTable(items, io.stdout.columns ?? 80));
            line(io.stdout, summary);
          } else {
            line(io.stdout, plainTable(items));
            line(io.stderr, summary);
          }
        }),
      ),
  );
}
