import { mustBeOneOf } from '../shared/messages.js';

export const ROLES = ['admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The field message for a role outside `ROLES`, spelled from the list so the two cannot drift. */
export const ROLE_FIELD_MESSAGE = mustBeOneOf(ROLES);
