import type { Locale } from '../model/locale.js';
import type { Role } from '../model/role.js';
import type { User } from '../model/user.js';
import type { UserStatus } from '../model/user-status.js';
import { FakePasswordHasher } from './fakes.js';

let counter = 0;

/** Test users: `aUser().admin().pending().withEmail('a@b.co').build()`. Approved users by default. */
export class UserBuilder {
  private user: User;

  constructor() {
    counter++;
    const createdAt = new Date(Date.UTC(2025, 0, 1) + counter * 1000);
    this.user = {
      id: `10000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`,
      email: `user${counter}@example.com`,
      passwordHash: FakePasswordHasher.hashSync(DEFAULT_TEST_PASSWORD),
      role: 'user',
      status: 'approved',
      createdAt,
      approvedAt: createdAt,
      tokensValidAfter: null,
      locale: 'en',
    };
  }

  withId(id: string): this {
    return this.with({ id });
  }

  withEmail(email: string): this {
    return this.with({ email });
  }

  /** Hashed with the fake hasher's format; pass `version` to make an outdated hash. */
  withPassword(plain: string, version = 1): this {
    return this.with({ passwordHash: FakePasswordHasher.hashSync(plain, version) });
  }

  withPasswordHash(passwordHash: string): this {
    return this.with({ passwordHash });
  }

  withRole(role: Role): this {
    return this.with({ role });
  }

  withLocale(locale: Locale): this {
    return this.with({ locale });
  }

  admin(): this {
    return this.withRole('admin');
  }

  withStatus(status: UserStatus): this {
    return this.with({ status, approvedAt: status === 'approved' ? this.user.createdAt : null });
  }

  pending(): this {
    return this.withStatus('pending');
  }

  rejected(): this {
    return this.withStatus('rejected');
  }

  disabled(): this {
    return this.withStatus('disabled');
  }

  createdAt(at: Date | string): this {
    return this.with({ createdAt: new Date(at) });
  }

  with(changes: Partial<User>): this {
    this.user = { ...this.user, ...changes };
    return this;
  }

  build(): User {
    return { ...this.user };
  }
}

export const DEFAULT_TEST_PASSWORD = 'correct horse battery staple';

export function aUser(): UserBuilder {
  return new UserBuilder();
}
