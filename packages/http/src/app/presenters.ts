import { userJson } from '@codex-auth/wire';
import type { SessionView, TokenPair, UserListView } from '@codex-auth/domain';
import type { z } from 'zod';
import type { SessionJson, TokenJson, UserList } from './schemas.js';

/** Domain values in the contract's snake_case JSON; never a hash, never more than the schema lists. */
export { userJson };

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
