import type { DomainDependencies } from '../../dependencies.js';
import { PageRequest } from '../../model/page-request.js';
import { toUserView, type UserView } from '../../model/user.js';
import { isUserStatus } from '../../model/user-status.js';
import { ok, type Result } from '../../shared/result.js';

export interface ListUsersInput {
  /** Raw query values: anything out of range falls back to the defaults, as the seed did. */
  readonly status?: unknown;
  readonly q?: unknown;
  readonly page?: unknown;
  readonly perPage?: unknown;
}

export interface UserListView {
  readonly items: readonly UserView[];
  readonly meta: {
    readonly page: number;
    readonly perPage: number;
    readonly pages: number;
    readonly total: number;
  };
}

export type ListUsersResult = Result<UserListView, never>;

// No stored email is longer than this, so a longer `q` cannot match; it is cut rather than refused.
const MAX_QUERY_LENGTH = 254;

export class ListUsers {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow'>) {}

  async execute(input: ListUsersInput): Promise<ListUsersResult> {
    const page = PageRequest.from(input.page, input.perPage);
    const q = typeof input.q === 'string' ? input.q.trim().toLowerCase().slice(0, MAX_QUERY_LENGTH) : '';
    const { items, total } = await this.deps.uow.run((scope) =>
      scope.users.list({
        ...(isUserStatus(input.status) ? { status: input.status } : {}),
        ...(q === '' ? {} : { q }),
        offset: page.offset,
        limit: page.perPage,
      }),
    );
    return ok({
      items: items.map(toUserView),
      meta: { page: page.page, perPage: page.perPage, pages: page.pagesFor(total), total },
    });
  }
}
