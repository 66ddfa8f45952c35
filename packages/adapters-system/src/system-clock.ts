import type { Clock } from '@codex-auth/domain';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
