import type { DomainDependencies } from '../../dependencies.js';
import { ok, type Result } from '../../shared/result.js';
import { longestResetWindowSeconds } from '../../settings.js';
import { cleanupPlan, deleteInBatches, type CleanupInput } from '../shared/batched-cleanup.js';

export type CleanupResetTokensInput = CleanupInput;

/**
 * Deletes reset tokens used or expired more than `graceDays` ago, batch by batch. Tokens still
 * inside the per-account limit's window are kept whatever the grace, since they are what the limit
 * counts: deleting them early would hand a flooder fresh links.
 */
export class CleanupResetTokens {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock' | 'settings'>) {}

  async execute(
    input: CleanupResetTokensInput,
  ): Promise<Result<{ readonly removed: number }, 'validation_failed'>> {
    const now = this.deps.clock.now();
    const plan = cleanupPlan(input, now);
    if (!plan.ok) return plan;
    const { batchSize } = plan.value;
    // A token finishes after it is made, so one finished before this cut-off was made before it too.
    const cutoff = new Date(
      Math.min(
        plan.value.cutoff.getTime(),
        now.getTime() - longestResetWindowSeconds(this.deps.settings) * 1000,
      ),
    );
    const removed = await deleteInBatches(batchSize, () =>
      this.deps.uow.run((scope) => scope.resetTokens.deleteFinishedBefore(cutoff, batchSize)),
    );
    return ok({ removed });
  }
}
