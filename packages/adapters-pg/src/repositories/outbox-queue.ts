import {
  isUuid,
  type ClaimOptions,
  type JobClaim,
  type OutboxJob,
  type OutboxMessage,
  type OutboxQueue,
} from '@codex-auth/domain';
import { batchLimit, toDate, toDateOrNull, type Sql } from '../sql.js';

interface OutboxRow {
  id: string;
  message: OutboxMessage | string;
  attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_error: string | null;
  done_at: Date | null;
  failed_at: Date | null;
  created_at: Date;
}

const COLUMNS =
  'id, message, attempts, next_attempt_at, locked_until, last_error, done_at, failed_at, created_at';
/**
 * Only the latest claim may finish or reschedule a job: a worker whose lease lapsed, and whose job
 * another worker claimed again, must not mark that other delivery done.
 */
const LATEST_CLAIM = 'id = ?::uuid AND attempts = ? AND done_at IS NULL AND failed_at IS NULL';
/** SMTP errors can carry whole transcripts; the row keeps enough to diagnose. */
const MAX_ERROR_LENGTH = 2000;
/**
 * Once a job is finished its message no longer needs its token, sealed or (rows queued by older
 * releases) raw: keep no secret at rest. `false`: a message without the key is left as it is.
 */
const ERASE_SECRET = `jsonb_set(jsonb_set(message, '{token}', '""'::jsonb, false), '{sealedToken}', '""'::jsonb, false)`;

/**
 * The delivery side, for workers. Each call is one statement in its own implicit transaction, so a
 * claim holds no row lock beyond the statement: the lease (`locked_until`) is what keeps other
 * workers off a job while it is being sent, and what returns it when its worker dies.
 */
export class PgOutboxQueue implements OutboxQueue {
  constructor(private readonly sql: Sql) {}

  async claim(options: ClaimOptions): Promise<readonly OutboxJob[]> {
    const leaseEnd = new Date(options.now.getTime() + options.leaseMs);
    // SKIP LOCKED lets claimers pass over each other's rows instead of queueing; a row claimed
    // and committed meanwhile is re-checked against the WHERE and dropped for its fresh lease.
    const rows = await this.sql.query<OutboxRow>(
      `WITH due AS (
         SELECT id FROM outbox
         WHERE done_at IS NULL AND failed_at IS NULL
           AND next_attempt_at <= ?::timestamptz
           AND (locked_until IS NULL OR locked_until <= ?::timestamptz)
         ORDER BY next_attempt_at, id
         LIMIT ?
         FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox SET attempts = outbox.attempts + 1, locked_until = ?::timestamptz
       FROM due WHERE outbox.id = due.id
       RETURNING ${COLUMNS.split(', ')
         .map((c) => `outbox.${c}`)
         .join(', ')}`,
      [options.now, options.now, batchLimit(options.limit), leaseEnd],
    );
    // RETURNING follows no ORDER BY; restore the claim order.
    return rows
      .map(toJob)
      .sort(
        (a, b) =>
          a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
  }

  async complete(claim: JobClaim, at: Date): Promise<boolean> {
    if (!isUuid(claim.id)) return false;
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE outbox SET done_at = ?::timestamptz, locked_until = NULL, message = ${ERASE_SECRET}
       WHERE ${LATEST_CLAIM} RETURNING id`,
      [at, claim.id, claim.attempts],
    );
    return rows.length === 1;
  }

  async fail(claim: JobClaim, at: Date, error: string, retryAt: Date | null): Promise<boolean> {
    if (!isUuid(claim.id)) return false;
    const lastError = error.slice(0, MAX_ERROR_LENGTH);
    const rows =
      retryAt === null
        ? await this.sql.query<{ id: string }>(
            `UPDATE outbox SET failed_at = ?::timestamptz, last_error = ?, locked_until = NULL, message = ${ERASE_SECRET}
             WHERE ${LATEST_CLAIM} RETURNING id`,
            [at, lastError, claim.id, claim.attempts],
          )
        : await this.sql.query<{ id: string }>(
            `UPDATE outbox SET next_attempt_at = ?::timestamptz, last_error = ?, locked_until = NULL
             WHERE ${LATEST_CLAIM} RETURNING id`,
            [retryAt, lastError, claim.id, claim.attempts],
          );
    return rows.length === 1;
  }

  async purgeFinishedBefore(cutoff: Date, limit: number): Promise<number> {
    return this.sql.execute(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox
         WHERE done_at < ?::timestamptz OR failed_at < ?::timestamptz
         LIMIT ? FOR UPDATE SKIP LOCKED
       )`,
      [cutoff, cutoff, batchLimit(limit)],
    );
  }

  async release(claim: JobClaim): Promise<boolean> {
    if (!isUuid(claim.id)) return false;
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE outbox SET attempts = attempts - 1, locked_until = NULL WHERE ${LATEST_CLAIM} RETURNING id`,
      [claim.id, claim.attempts],
    );
    return rows.length === 1;
  }

  async find(id: string): Promise<OutboxJob | null> {
    if (!isUuid(id)) return null;
    const rows = await this.sql.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE id = ?::uuid`, [id]);
    return rows[0] === undefined ? null : toJob(rows[0]);
  }
}

function toJob(row: OutboxRow): OutboxJob {
  return {
    id: row.id,
    // Both drivers parse jsonb; a driver configured without that parser would hand back text.
    message: typeof row.message === 'string' ? (JSON.parse(row.message) as OutboxMessage) : row.message,
    createdAt: toDate(row.created_at),
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    lockedUntil: toDateOrNull(row.locked_until),
    lastError: row.last_error,
    doneAt: toDateOrNull(row.done_at),
    failedAt: toDateOrNull(row.failed_at),
  };
}
