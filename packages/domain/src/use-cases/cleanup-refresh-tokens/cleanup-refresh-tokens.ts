import type { DomainDependencies } from '../../dependencies.js';
import { ok, type Result } from '../../shared/result.js';
import { cleanupPlan, deleteInBatches, type CleanupInput } from '../shared/batched-cleanup.js';

export { DEFAULT_CLEANUP_BATCH_SIZE } from '../shared/batched-cleanup.js';

export interface CleanupRefreshTokensInput extends CleanupInput {
  /** Called after each batch, e.g. to move a progress bar. */
  readonly onProgress?: (progress: { removedExpired: number; removedRevoked: number }) => void;
}

export interface CleanupRefreshTokensOutput {
  readonly removedExpired: number;
  readonly removedRevoked: number;
}

export type CleanupRefreshTokensResult = Result<CleanupRefreshTokensOutput, 'validation_failed'>;

/**
 * Deletes refresh tokens that expired before now − grace, then revoked ones created before it.
 * Batch by batch, each in its own short transaction, so a large cleanup never holds a long lock.
 */
export class CleanupRefreshTokens {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock' | 'events'>) {}

  async execute(input: CleanupRefreshTokensInput): Promise<CleanupRefreshTokensResult> {
    const { uow, clock, events } = this.deps;
    const plan = cleanupPlan(input, clock.now());
    if (!plan.ok) return plan;
    const { cutoff, batchSize } = plan.value;
    const progress = { removedExpired: 0, removedRevoked: 0 };
    const report = () => input.onProgress?.({ ...progress });
    progress.removedExpired = await deleteInBatches(
      batchSize,
      () => uow.run((scope) => scope.refreshTokens.deleteExpiredBefore(cutoff, batchSize)),
      (removed) => {
        progress.removedExpired = removed;
        report();
      },
    );
    progress.removedRevoked = await deleteInBatches(
      batchSize,
      () => uow.run((scope) => scope.refreshTokens.deleteRevokedCreatedBefore(cutoff, batchSize)),
      (removed) => {
        progress.removedRevoked = removed;
        report();
      },
    );
    events.record({ name: 'refresh_tokens_cleaned', details: { ...progress, grace_days: input.graceDays } });
    return ok(progress);
  }
}
