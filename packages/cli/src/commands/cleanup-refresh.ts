import { SingleBar } from 'cli-progress';
import type { Argv } from 'yargs';
import { wholeNumbers } from '../args.js';
import { withApplication } from '../context.js';
import { line, type CliIo, type Done } from '../io.js';
import { valueOf } from '../outcome.js';

/** Counts only: how many tokens there are to delete is not known in advance, so there is no bar. */
function progressOn(io: CliIo): SingleBar | null {
  if (io.stderr.isTTY !== true) return null;
  const bar = new SingleBar({
    stream: io.stderr,
    format: 'cleaning refresh tokens | expired {expired} | revoked {revoked} | {duration_formatted}',
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(0, 0, { expired: 0, revoked: 0 });
  return bar;
}

export function cleanupRefreshCommand<T>(cli: Argv<T>, io: CliIo, done: Done): Argv<T> {
  return cli.command(
    'cleanup-refresh',
    'Delete refresh tokens expired or revoked longer ago than the grace period',
    (y) =>
      wholeNumbers(
        y
          .option('grace-days', {
            type: 'number',
            describe: 'keep tokens this many days past expiry or revocation (default CLEANUP_GRACE_DAYS, 7)',
          })
          .option('batch-size', { type: 'number', default: 5000, describe: 'rows deleted per transaction' })
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'accepted for uniformity: the counts are always printed as JSON',
          })
          .example('$0 cleanup-refresh --grace-days 7', 'prints {"removed_expired":X,"removed_revoked":Y}')
          .example(
            '$0 cleanup-refresh --grace-days 0 --batch-size 1000',
            'everything finished, in small batches',
          ),
        // The grace period's upper end (100 years) is the use case's rule.
        { 'grace-days': { min: 0 }, 'batch-size': { min: 1 } },
      ),
    (args) =>
      done(
        withApplication(io, async (app) => {
          const bar = progressOn(io);
          let result;
          try {
            result = await app.useCases.cleanupRefreshTokens.execute({
              graceDays: args['grace-days'] ?? app.config.worker.cleanupGraceDays,
              batchSize: args['batch-size'],
              onProgress: (p) => bar?.update(0, { expired: p.removedExpired, revoked: p.removedRevoked }),
            });
          } finally {
            bar?.stop();
          }
          const { removedExpired, removedRevoked } = valueOf(result);
          line(
            io.stdout,
            JSON.stringify({ removed_expired: removedExpired, removed_revoked: removedRevoked }),
          );
        }),
      ),
  );
}
