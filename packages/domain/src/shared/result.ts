import type { AttemptRefusal } from '../ports/attempt-limiter.js';
import type { ErrorCode } from './error-codes.js';
import { MESSAGES } from './messages.js';

/** A field-level validation message, as shown to the client next to `validation_failed`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * An expected failure: something a user can cause and a caller must handle. Bugs and infrastructure
 * faults are thrown instead, so that a unit of work rolls back.
 */
export interface Failure<C extends ErrorCode = ErrorCode> {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
  readonly errors?: readonly FieldError[];
  /** On `rate_limited`: which limit refused, and when its window ends, so a caller can say when to retry. */
  readonly retry?: AttemptRefusal;
}

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T, C extends ErrorCode = ErrorCode> = Success<T> | Failure<C>;

export function ok<T>(value: T): Success<T>;
export function ok(): Success<void>;
export function ok<T>(value?: T): Success<T | undefined> {
  return { ok: true, value };
}

export function fail<C extends ErrorCode>(
  code: C,
  message: string,
  errors?: readonly FieldError[],
): Failure<C> {
  return errors === undefined ? { ok: false, code, message } : { ok: false, code, message, errors };
}

export function validationFailed(errors: readonly FieldError[]): Failure<'validation_failed'> {
  return fail('validation_failed', 'the request is not valid', errors);
}

/** A refusal of the attempt limits: nothing was checked, the caller may retry once the window ends. */
export function tooManyAttempts(refusal: AttemptRefusal): Failure<'rate_limited'> {
  const { limit, max, windowMs, resetAt } = refusal;
  return {
    ok: false,
    code: 'rate_limited',
    message: MESSAGES.tooManyAttempts,
    retry: { limit, max, windowMs, resetAt },
  };
}
