import type { DomainEvent } from '../model/events.js';

/** Where domain events go: the structured log, in production. Must not throw. */
export interface EventLog {
  record(event: DomainEvent): void;
}
