import { mustBeOneOf } from '../shared/messages.js';

export const USER_STATUSES = ['pending', 'approved', 'rejected', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function isUserStatus(value: unknown): value is UserStatus {
  return typeof value === 'string' && (USER_STATUSES as readonly string[]).includes(value);
}

/**
 * The statuses an admin may set directly. `pending` is only where an account starts, and
 * `rejected` has its own transition (and route), which always ends the user's sessions.
 */
export const SETTABLE_STATUSES = ['approved', 'disabled'] as const satisfies readonly UserStatus[];
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

export const SETTABLE_STATUS_FIELD_MESSAGE = mustBeOneOf(SETTABLE_STATUSES);

export function isSettableStatus(value: unknown): value is SettableStatus {
  return typeof value === 'string' && (SETTABLE_STATUSES as readonly string[]).includes(value);
}
