import { ok, validationFailed, type Failure, type Result } from '../../shared/result.js';

export const DEFAULT_CLEANUP_BATCH_SIZE = 5000;
const MAX_GRACE_DAYS = 36_500;

export interface CleanupInput {
  /** Rows are kept this many days past their end, for audit and investigation. */
  readonly graceDays: number;
  readonly batchSize?: number;
}

/** The cut-off and batch size of a clean-up, or why its input is refused. */
export function cleanupPlan(
  input: CleanupInput,
  now: Date,
): Result<{ readonly cutoff: Date; readonly batchSize: number }, 'validation_failed'> {
  const batchSize = input.batchSize ?? DEFAULT_CLEANUP_BATCH_SIZE;
  const problem: Failure<'validation_failed'> | null =
    !Number.isInteger(input.graceDays) || input.graceDays < 0 || input.graceDays > MAX_GRACE_DAYS
      ? validationFailed([
          { field: 'grace_days', message: `must be a whole number from 0 to ${MAX_GRACE_DAYS}` },
        ])
      : !Number.isInteger(batchSize) || batchSize < 1
        ? validationFailed([{ field: 'batch_size', message: 'must be a whole number of at least 1' }])
        : null;
  if (problem !== null) return problem;
  return ok({ cutoff: new Date(now.getTime() - input.graceDays * 86_400_000), batchSize });
}

/**
 * Calls `deleteBatch` until a batch comes back short, each call its own short transaction, so a
 * large clean-up never holds a long lock. Returns how many rows went.
 */
export async function deleteInBatches(
  batchSize: number,
  deleteBatch: () => Promise<number>,
  onBatch?: (removedSoFar: number) => void,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const n = await deleteBatch();
    removed += n;
    onBatch?.(removed);
    if (n < batchSize) return removed;
  }
}
