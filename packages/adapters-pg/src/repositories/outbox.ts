import type { NewOutboxJob, Outbox } from '@codex-auth/domain';
import type { Sql } from '../sql.js';

/** The write side: runs on the caller's transaction, so a job exists only if its cause committed. */
export class PgOutbox implements Outbox {
  constructor(private readonly sql: Sql) {}

  async enqueue(job: NewOutboxJob): Promise<void> {
    await this.sql.query(
      `INSERT INTO outbox (id, message, attempts, next_attempt_at, created_at)
       VALUES (?::uuid, ?::jsonb, 0, ?::timestamptz, ?::timestamptz)`,
      [job.id, JSON.stringify(job.message), job.createdAt, job.createdAt],
    );
  }
}
