import type { DomainDependencies } from '../../dependencies.js';
import { Email, normalizeEmail } from '../../model/email.js';
import { ok, type Result } from '../../shared/result.js';

export interface RequestPasswordResetInput {
  readonly email: string;
}

export type RequestPasswordResetResult = Result<void, 'validation_failed'>;

/**
 * Takes a request for a reset link and answers at once, the same way for every well-formed address:
 * it only queues "a reset was requested for this address" (one insert, whoever owns it). Looking
 * the account up, the per-account limit and the link itself happen later, in the worker
 * (`DeliverOutbox`), so neither the answer nor its timing tells whether the account exists, is
 * approved, or has had links lately.
 */
export class RequestPasswordReset {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow' | 'clock' | 'ids' | 'events'>) {}

  async execute(input: RequestPasswordResetInput): Promise<RequestPasswordResetResult> {
    const { uow, clock, ids, events } = this.deps;
    const email = Email.parse(input.email);
    if (!email.ok) return email;
    const job = {
      id: ids.next(),
      createdAt: clock.now(),
      // As typed (trimmed, lower-cased): the worker looks it up as login does, in its canonical form
      // and in this one, so older rows stored under another form keep getting links.
      message: { type: 'password_reset_requested', email: normalizeEmail(input.email) } as const,
    };
    await uow.run((scope) => scope.outbox.enqueue(job));
    events.record({ name: 'password_reset_requested', details: { job_id: job.id } });
    return ok();
  }
}
