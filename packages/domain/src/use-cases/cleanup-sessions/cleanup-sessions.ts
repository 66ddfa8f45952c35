import type { DomainDependencies } from '../../dependencies.js';
import { ok, type Result } from '../../shared/result.js';
import { cleanupPlan, deleteInBatches, type CleanupInput } from '../shared/batched-cleanup.js';

export type CleanupSessionsInput = CleanupInput;

/**
 * Deletes sessions that ended (revoked or expired) more than `graceDays` ago, with their refresh
 * tokens, so the table holds live sessions and recent history rather than every login ever made.
 * Run after CleanupRefreshTokens, so its counts cover the tokens it is meant to report.
 */
export class CleanupSessions {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock'>) {}

  async execute(
    input: CleanupSessionsInput,
  ): Promise<Result<{ readonly removed: number }, 'validation_failed'>> {
    const plan = cleanupPlan(input, this.deps.clock.now());
    if (!plan.ok) return plan;
    const { cutoff, batchSize } = plan.value;
    const removed = await deleteInBatches(batchSize, () =>
      this.deps.uow.run((scope) => scope.sessions.deleteEndedBefore(cutoff, batchSize)),
    );
    return ok({ removed });
  }
}
