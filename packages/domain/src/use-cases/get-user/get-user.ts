import type { DomainDependencies } from '../../dependencies.js';
import { toUserView, type UserView } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { isUuid } from '../../shared/uuid.js';

export interface GetUserInput {
  readonly id: string;
}

export type GetUserResult = Result<UserView, 'not_found'>;

export class GetUser {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow'>) {}

  async execute(input: GetUserInput): Promise<GetUserResult> {
    const user = isUuid(input.id) ? await this.deps.uow.run((scope) => scope.users.findById(input.id)) : null;
    return user === null ? fail('not_found', MESSAGES.userNotFound) : ok(toUserView(user));
  }
}
