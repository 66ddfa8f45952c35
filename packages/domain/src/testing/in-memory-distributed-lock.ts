import type { DistributedLock, LockOutcome } from '../ports/distributed-lock.js';

/**
 * A lock table in memory: every holder given the same instance shares it, as the processes of a
 * deployment share Postgres. Enough for one process, and for tests of what runs under a lock.
 */
export class InMemoryDistributedLock implements DistributedLock {
  private readonly held = new Set<string>();

  async withAdvisoryLock<T>(name: string, fn: () => Promise<T>): Promise<LockOutcome<T>> {
    if (this.held.has(name)) return { acquired: false };
    this.held.add(name);
    try {
      return { acquired: true, value: await fn() };
    } finally {
      this.held.delete(name);
    }
  }
}
