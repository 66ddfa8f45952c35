import type { DomainDependencies } from '../../dependencies.js';
import { ok, type Result } from '../../shared/result.js';
import { cleanupPlan, deleteInBatches, type CleanupInput } from '../shared/batched-cleanup.js';

/** `graceDays`: finished jobs are kept this long, to look into a delivery problem after the fact. */
export type PurgeOutboxInput = CleanupInput;

/** Deletes outbox jobs done or failed more than `graceDays` ago, batch by batch. */
export class PurgeOutbox {
  constructor(private readonly deps: Pick<DomainDependencies, 'outboxQueue' | 'clock'>) {}

  async execute(input: PurgeOutboxInput): Promise<Result<{ readonly removed: number }, 'validation_failed'>> {
    const plan = cleanupPlan(input, this.deps.clock.now());
    if (!plan.ok) return plan;
    const { cutoff, batchSize } = plan.value;
    const removed = await deleteInBatches(batchSize, () =>
      this.deps.outboxQueue.purgeFinishedBefore(cutoff, batchSize),
    );
    return ok({ removed });
  }
}
