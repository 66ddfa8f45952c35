import type { AttemptWindow } from '../ports/attempt-limiter.js';
import type { Clock } from '../ports/clock.js';
import { CountingAttemptLimiter } from '../policies/counting-attempt-limiter.js';
import { InMemoryWindowCounters } from './in-memory-window-counters.js';

/** The domain's attempt limits on counters in this object: for tests and embedding in one process. */
export class InMemoryAttemptLimiter extends CountingAttemptLimiter {
  constructor(windows: readonly AttemptWindow[], clock?: Clock, name = 'login_email') {
    super(new InMemoryWindowCounters(clock), name, windows);
  }
}
