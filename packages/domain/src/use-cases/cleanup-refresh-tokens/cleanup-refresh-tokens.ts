import type { DomainDependencies } from '../../dependencies.js';
import { ok, validationFailed, type Result } from '../../shared/result.js';

export interface CleanupRefreshTokensInput {
  /** Tokens are kept this many days past expiry or revocation, for audit and reuse detection. */
  readonly graceDays: number;
  readonly batchSize?: number;
  /** Called after each batch, e.g. to move a progress bar. */
  readonly onProgress?: (progress: { removedExpired: number; removedRevoked: number }) => void;
}

export interface CleanupRefreshTokensOutput {
  readonly removedExpired: number;
  readonly removedRevoked: number;
}

export type CleanupRefreshTokensResult = Result<CleanupRefreshTokensOutput, 'validation_failed'>;

export const DEFAULT_CLEANUP_BATCH_SIZE = 5000;
const MAX_GRACE_DAYS = 36_500;

/**
 * Deletes refresh tokens that expired before now − grace, then revoked ones created before it.
 * Batch by batch, each in its own short transaction, so a large cleanup never holds a long lock.
 */
export class CleanupRefreshTokens {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock' | 'events'>) {}

  async execute(input: CleanupRefreshTokensInput): Promise<CleanupRefreshTokensResult> {
    const { uow, clock, events } = this.deps;
    const batchSize = input.batchSize ?? DEFAULT_CLEANUP_BATCH_SIZE;
    if (!Number.isInteger(input.graceDays) || input.graceDays < 0 || input.graceDays > MAX_GRACE_DAYS) {
      return validationFailed([
        { field: 'grace_days', message: `must be a whole number from 0 to ${MAX_GRACE_DAYS}` },
      ]);
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      return validationFailed([{ field: 'batch_size', message: 'must be a whole number of at least 1' }]);
    }
    const cutoff = new Date(clock.now().getTime() - input.graceDays * 86_400_000);
    const progress = { removedExpired: 0, removedRevoked: 0 };
    for (;;) {
      const n = await uow.run((scope) => scope.refreshTokens.deleteExpiredBefore(cutoff, batchSize));
      progress.removedExpired += n;
      input.onProgress?.({ ...progress });
      if (n < batchSize) break;
    }
    for (;;) {
      const n = await uow.run((scope) => scope.refreshTokens.deleteRevokedCreatedBefore(cutoff, batchSize));
      progress.removedRevoked += n;
      input.onProgress?.({ ...progress });
      if (n < batchSize) break;
    }
    events.record({ name: 'refresh_tokens_cleaned', details: { ...progress, grace_days: input.graceDays } });
    return ok(progress);
  }
}
