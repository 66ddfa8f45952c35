import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '@codex-auth/domain';

/** Real UUIDs: the sequential fakes would collide across test rounds in one database. */
export class UuidGenerator implements IdGenerator {
  next(): string {
    return randomUUID();
  }
}
