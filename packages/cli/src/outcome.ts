import { normalizeEmail, type Failure, type Result } from '@codex-auth/domain';
import { CliFailure } from './io.js';

/** A use case's failure as one line: each field's reason, else the failure's sentence. */
export function reasonOf(failure: Failure): string {
  const reasons = (failure.errors ?? []).map((e) => `${e.field} ${e.message}`).join('; ');
  return reasons === '' ? failure.message : reasons;
}

/** The value, or a CliFailure with the reason (a missing user named by the email the operator typed). */
export function valueOf<T>(result: Result<T>, email?: string): T {
  if (result.ok) return result.value;
  if (result.code === 'not_found' && email !== undefined) throw new CliFailure(noUser(email));
  throw new CliFailure(reasonOf(result));
}

export function noUser(email: string): string {
  return `no user with email ${normalizeEmail(email)}`;
}
