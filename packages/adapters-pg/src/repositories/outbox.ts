import {
  isUuid,
  type JobClaim,
  type NewOutboxJob,
  type Outbox,
  type OutboxMessage,
} from '@codex-auth/domain';
import type { Sql } from '../sql.js';

// A lone UTF-16 surrogate (say, in an address someone typed) cannot be stored in jsonb, which
// refuses its \u escape. It becomes U+FFFD, as it does on its way into any text column of ours, so
// the address still compares equal to what the users table would hold.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const toJson = (message: OutboxMessage) =>
  JSON.stringify(message, (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(LONE_SURROGATE, '\uFFFD') : value,
  );

/** The write side: runs on the caller's transaction, so a job exists only if its cause committed. */
export class PgOutbox implements Outbox {
  constructor(private readonly sql: Sql) {}

  async enqueue(job: NewOutboxJob): Promise<void> {
    await this.sql.query(
      `INSERT INTO outbox (id, message, attempts, next_attempt_at, created_at)
       VALUES (?::uuid, ?::jsonb, 0, ?::timestamptz, ?::timestamptz)`,
      [job.id, toJson(job.message), job.createdAt, job.createdAt],
    );
  }

  async rewrite(claim: JobClaim, message: OutboxMessage): Promise<boolean> {
    if (!isUuid(claim.id)) return false;
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE outbox SET message = ?::jsonb
       WHERE id = ?::uuid AND attempts = ? AND done_at IS NULL AND failed_at IS NULL RETURNING id`,
      [toJson(message), claim.id, claim.attempts],
    );
    return rows.length === 1;
  }
}
