import type { SessionView, TokenPair, UserListView, UserView } from '@codex-auth/domain';
import type { z } from 'zod';
import type { SessionJson, TokenJson, UserJson, UserList } from './schemas.js';

/** Domain values in the contract's snake_case JSON; never a hash, never more than the schema lists. */
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

export function tokenJson(pair: TokenPair): TokenJson {
  return {
    access_token: pair.accessToken,
    refresh_token: pair.refreshToken,
    token_type: pair.tokenType,
    expires_in: pair.expiresIn,
  };
}

export function sessionJson(session: SessionView): SessionJson {
  return {
    id: session.id,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    user_agent: session.userAgent,
    ip: session.ip,
    current: session.current,
  };
}

export function userListJson(list: UserListView): z.output<typeof UserList> {
  return {
    items: list.items.map(userJson),
    meta: {
      page: list.meta.page,
      per_page: list.meta.perPage,
      pages: list.meta.pages,
      total: list.meta.total,
    },
  };
}
