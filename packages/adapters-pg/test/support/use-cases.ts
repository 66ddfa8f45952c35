import {
  authSettings,
  createUseCases,
  type AuthSettings,
  type Clock,
  type DomainDependencies,
  type OutboxQueue,
  type TokenPair,
  type UnitOfWork,
  type User,
} from '@codex-auth/domain';
import { createTestWorld } from '@codex-auth/domain/testing';
import { UuidGenerator } from './uuid.js';

export { authSettings };

/** The real clock, shifted by `offsetMs`: to play requests that read their time early or late. */
export class ShiftableClock implements Clock {
  offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The domain's use cases over a real database, with fast fakes for hashing, tokens and mail. */
export function createUseCasesForTest(
  { uow, outboxQueue }: { readonly uow: UnitOfWork; readonly outboxQueue: OutboxQueue },
  settings: AuthSettings,
  clock: Clock = new ShiftableClock(),
) {
  // The test world's fakes, with the database, clock and ids (uuid columns) replaced by real ones.
  const deps: DomainDependencies = {
    ...createTestWorld().deps,
    uow,
    outboxQueue,
    clock,
    ids: new UuidGenerator(),
    settings,
  };
  const { hasher } = deps;
  const useCases = createUseCases(deps);
  return {
    useCases,
    tokens: deps.tokens,
    async givenUser(email: string, password: string): Promise<User> {
      const user: User = {
        id: deps.ids.next(),
        email,
        passwordHash: await hasher.hash(password),
        role: 'user',
        status: 'approved',
        createdAt: new Date(),
        approvedAt: new Date(),
        tokensValidAfter: null,
        locale: 'en',
      };
      await uow.run((scope) => scope.users.add(user));
      return user;
    },
    async login(email: string, password: string): Promise<TokenPair> {
      const result = await useCases.login.execute({ email, password });
      if (!result.ok) throw new Error(`login failed: ${result.code}`);
      return result.value;
    },
    async principal(accessToken: string) {
      const result = await useCases.authenticate.execute({ accessToken });
      if (!result.ok) throw new Error(`authenticate failed: ${result.code}`);
      return result.value;
    },
  };
}
