import type { DomainDependencies } from '../../dependencies.js';
import { ok, validationFailed, type Result } from '../../shared/result.js';
import { DEFAULT_CLEANUP_BATCH_SIZE } from '../cleanup-refresh-tokens/cleanup-refresh-tokens.js';

export interface CleanupSessionsInput {
  readonly graceDays: number;
  readonly batchSize?: number;
}

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
      const n = await this.deps.uow.run((scope) => scope.sessions.deleteEndedBefore(cutoff, batchSize));
      removed += n;
      if (n < batchSize) break;
    }
    return ok({ removed });
  }
}
