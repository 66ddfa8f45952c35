import type { UserView } from '@codex-auth/domain';

/** The API's User object (docs/api.md), so scripts can share code with API clients. */
export interface UserJson {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly status: string;
  readonly created_at: string;
  readonly approved_at: string | null;
}

export function userJson(user: UserView): UserJson {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    status: user.status,
    created_at: user.createdAt.toISOString(),
    approved_at: user.approvedAt === null ? null : user.approvedAt.toISOString(),
  };
}
