// It loads nothing but the domain's types, so the CLI can print JSON without loading the composition.
import type { Role, UserStatus, UserView } from '@codex-auth/domain';

/**
 * The contract's User object (docs/api.md): what the API answers and what the CLI prints with
 * `--json`, from one function so the two cannot drift. Never a hash.
 */
export interface UserJson {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly status: UserStatus;
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
