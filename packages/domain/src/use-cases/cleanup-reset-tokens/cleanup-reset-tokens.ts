import type { DomainDependencies } from '../../dependencies.js';
import { ok, type Result } from '../../shared/result.js';
import { cleanupPlan, deleteInBatches, type CleanupInput } from '../shared/batched-cleanup.js';

export type CleanupResetTokensInput = CleanupInput;

/** Deletes reset tokens used or expired more than `graceDays` ago, batch by batch. */
export class CleanupResetTokens {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock'>) {}

  async execute(
    input: CleanupResetTokensInput,
  ): Promise<Result<{ readonly removed: number }, 'validation_failed'>> {
    const plan = cleanupPlan(input, this.deps.clock.now());
    if (!plan.ok) return plan;
    const { cutoff, batchSize } = plan.value;
    const removed = await deleteInBatches(batchSize, () =>
      this.deps.uow.run((scope) => scope.resetTokens.deleteFinishedBefore(cutoff, batchSize)),
    );
    return ok({ removed });
  }
}
