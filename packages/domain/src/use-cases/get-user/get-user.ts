import type { DomainDependencies } from '../../dependencies.js';
import { normalizeEmail } from '../../model/email.js';
import { toUserView, type UserView } from '../../model/user.js';
import { MESSAGES } from '../../shared/messages.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { isUuid } from '../../shared/uuid.js';

/** By id (the API) or by email (the CLI, which addresses users by email). */
export type GetUserInput = { readonly id: string } | { readonly email: string };

export type GetUserResult = Result<UserView, 'not_found'>;

export class GetUser {
  constructor(private readonly deps: Pick<DomainDependencies, 'uow'>) {}

  async execute(input: GetUserInput): Promise<GetUserResult> {
    const user = await this.deps.uow.run((scope) => {
      if ('id' in input) return isUuid(input.id) ? scope.users.findById(input.id) : Promise.resolve(null);
      const email = normalizeEmail(input.email);
      return email === '' ? Promise.resolve(null) : scope.users.findByEmail(email);
    });
    return user === null ? fail('not_found', MESSAGES.userNotFound) : ok(toUserView(user));
  }
}
