import type { LockOutcome } from '@codex-auth/domain';
import { createHash } from 'node:crypto';
import pg from 'pg';

export type { LockOutcome };

/** Advisory locks take a bigint; derive one from a readable name. */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(`codex-auth:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * Runs `fn` only if no other process (or caller in this one) holds the lock called `name`;
 * otherwise returns at once. The lock lives on a connection of its own, outside the pool, so `fn`
 * can use every pooled connection, and a crash releases it with the connection.
 */
export async function withServerAdvisoryLock<T>(
  config: pg.ClientConfig,
  name: string,
  fn: () => Promise<T>,
): Promise<LockOutcome<T>> {
  const client = new pg.Client(config);
  // A connection dropped while `fn` runs surfaces on the unlock; an unhandled 'error' would crash.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const key = advisoryKey(name);
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1::bigint) AS locked',
      [key],
    );
    if (rows[0]?.locked !== true) return { acquired: false };
    try {
      return { acquired: true, value: await fn() };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Blocks until the lock is free, then runs `fn`: for steps every process must do, one at a time. */
export async function withServerAdvisoryLockWait<T>(
  config: pg.ClientConfig,
  name: string,
  fn: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  await client.connect();
  try {
    const key = advisoryKey(name);
    await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The embedded database serves one process, so a set of held names is the whole lock table. */
export class LocalLocks {
  private readonly held = new Set<string>();

  async run<T>(name: string, fn: () => Promise<T>): Promise<LockOutcome<T>> {
    if (this.held.has(name)) return { acquired: false };
    this.held.add(name);
    try {
      return { acquired: true, value: await fn() };
    } finally {
      this.held.delete(name);
    }
  }
}
