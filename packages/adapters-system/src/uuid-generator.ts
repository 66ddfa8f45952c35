import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '@codex-auth/domain';

/** Random (v4) UUIDs from the CSPRNG: session ids and jtis must not be guessable. */
export class UuidGenerator implements IdGenerator {
  next(): string {
    return randomUUID();
  }
}
