import type { Clock } from '../../ports/clock.js';
import type { OutboxQueue } from '../../ports/outbox.js';
import { ok, validationFailed, type Result } from '../../shared/result.js';
import { DEFAULT_CLEANUP_BATCH_SIZE } from '../cleanup-refresh-tokens/cleanup-refresh-tokens.js';

export interface PurgeOutboxInput {
  /** Finished jobs are kept this long, to look into a delivery problem after the fact. */
  readonly graceDays: number;
  readonly batchSize?: number;
}

/** Deletes outbox jobs done or failed more than `graceDays` ago, batch by batch. */
export class PurgeOutbox {
  constructor(private readonly deps: { readonly outboxQueue: OutboxQueue; readonly clock: Clock }) {}

  async execute(input: PurgeOutboxInput): Promise<Result<{ readonly removed: number }, 'validation_failed'>> {
    const batchSize = input.batchSize ?? DEFAULT_CLEANUP_BATCH_SIZE;
    if (!Number.isInteger(input.graceDays) || input.graceDays < 0) {
      return validationFailed([{ field: 'grace_days', message: 'must be a whole number, 0 or more' }]);
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      return validationFailed([{ field: 'batch_size', message: 'must be a whole number of at least 1' }]);
    }
    const cutoff = new Date(this.deps.clock.now().getTime() - input.graceDays * 86_400_000);
    let removed = 0;
    for (;;) {
      const n = await this.deps.outboxQueue.purgeFinishedBefore(cutoff, batchSize);
      removed += n;
      if (n < batchSize) break;
    }
    return ok({ removed });
  }
}
