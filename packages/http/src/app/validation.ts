import { validationFailed, type FieldError } from '@codex-auth/domain';
import type { z } from 'zod';
import { HttpProblem } from './problem.js';

/** Zod's issues as the contract's `errors`: one per field, with the field's JSON name. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'body';
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return errors;
}

/** Parses `input` with `schema`, or throws the same 400 validation_failed the domain would give. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const failure = validationFailed(fieldErrors(parsed.error));
  throw new HttpProblem('validation_failed', {
    detail: failure.message,
    ...(failure.errors === undefined ? {} : { errors: failure.errors }),
  });
}
