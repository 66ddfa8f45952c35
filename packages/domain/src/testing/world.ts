import type { DomainDependencies } from '../dependencies.js';
import { Email } from '../model/email.js';
import type { User } from '../model/user.js';
import { authSettings, type AuthSettings } from '../settings.js';
import { ApproveUser } from '../use-cases/approve-user/approve-user.js';
import { Authenticate } from '../use-cases/authenticate/authenticate.js';
import { ChangePassword } from '../use-cases/change-password/change-password.js';
import { CleanupRefreshTokens } from '../use-cases/cleanup-refresh-tokens/cleanup-refresh-tokens.js';
import { CreateUser } from '../use-cases/create-user/create-user.js';
import { GetUser } from '../use-cases/get-user/get-user.js';
import { ListSessions } from '../use-cases/list-sessions/list-sessions.js';
import { ListUsers } from '../use-cases/list-users/list-users.js';
import { Login } from '../use-cases/login/login.js';
import { LogoutAll } from '../use-cases/logout-all/logout-all.js';
import { Logout } from '../use-cases/logout/logout.js';
import { RefreshSession } from '../use-cases/refresh-session/refresh-session.js';
import { RegisterUser } from '../use-cases/register-user/register-user.js';
import { RejectUser } from '../use-cases/reject-user/reject-user.js';
import { RequestPasswordReset } from '../use-cases/request-password-reset/request-password-reset.js';
import { ResetPassword } from '../use-cases/reset-password/reset-password.js';
import { RevokeSession } from '../use-cases/revoke-session/revoke-session.js';
import { SeedAdmin } from '../use-cases/seed-admin/seed-admin.js';
import { SetPassword } from '../use-cases/set-password/set-password.js';
import { CleanupResetTokens } from '../use-cases/cleanup-reset-tokens/cleanup-reset-tokens.js';
import { UpdateUser } from '../use-cases/update-user/update-user.js';
import {
  DEFAULT_DELIVERY_SETTINGS,
  DeliverOutbox,
  type DeliverySettings,
} from '../use-cases/deliver-outbox/deliver-outbox.js';
import type { Mailer } from '../ports/mailer.js';
import {
  FakeClock,
  FakePasswordHasher,
  FakeRandomTokens,
  FakeSecretSealer,
  FakeTokenService,
  RecordingEventLog,
  SequentialIds,
} from './fakes.js';
import { FakeEmailCanonicalizer } from './fake-email-canonicalizer.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryOutboxQueue } from './in-memory-outbox-queue.js';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';

/** Every use case, built over the same dependencies. */
export function createUseCases(deps: DomainDependencies) {
  return {
    registerUser: new RegisterUser(deps),
    login: new Login(deps),
    authenticate: new Authenticate(deps),
    refreshSession: new RefreshSession(deps),
    logout: new Logout(deps),
    logoutAll: new LogoutAll(deps),
    listSessions: new ListSessions(deps),
    revokeSession: new RevokeSession(deps),
    requestPasswordReset: new RequestPasswordReset(deps),
    resetPassword: new ResetPassword(deps),
    changePassword: new ChangePassword(deps),
    listUsers: new ListUsers(deps),
    getUser: new GetUser(deps),
    createUser: new CreateUser(deps),
    approveUser: new ApproveUser(deps),
    rejectUser: new RejectUser(deps),
    updateUser: new UpdateUser(deps),
    seedAdmin: new SeedAdmin(deps),
    cleanupRefreshTokens: new CleanupRefreshTokens(deps),
    cleanupResetTokens: new CleanupResetTokens(deps),
    setPassword: new SetPassword(deps),
  };
}

export type UseCases = ReturnType<typeof createUseCases>;

/**
 * The whole domain over in-memory adapters and fakes, for unit tests: every fake is reachable so a
 * test can move the clock, read the events or look at the tables.
 */
export function createTestWorld(settings: Partial<AuthSettings> = {}) {
  const db = new InMemoryDatabase();
  const clock = new FakeClock();
  const deps = {
    uow: new InMemoryUnitOfWork(db),
    hasher: new FakePasswordHasher(),
    tokens: new FakeTokenService(),
    randomTokens: new FakeRandomTokens(),
    clock,
    ids: new SequentialIds(),
    events: new RecordingEventLog(),
    settings: authSettings(settings),
    emails: new FakeEmailCanonicalizer(),
  };
  const outboxQueue = new InMemoryOutboxQueue(db);
  const sealer = new FakeSecretSealer();
  return {
    ...deps,
    deps: deps as DomainDependencies,
    db,
    outboxQueue,
    sealer,
    useCases: createUseCases(deps),
    /** The worker's delivery over this world, sending into `mailer`. */
    deliverOutbox(mailer: Mailer, delivery: Partial<DeliverySettings> = {}): DeliverOutbox {
      return new DeliverOutbox({
        ...deps,
        sealer,
        outboxQueue,
        mailer,
        delivery: {
          ...DEFAULT_DELIVERY_SETTINGS,
          appBaseUrl: 'https://app.example/',
          productName: 'Codex',
          ...delivery,
        },
      });
    },
    /** Puts users straight into the tables, as if they had been there (with their email's skeleton). */
    async given(...users: User[]): Promise<void> {
      await deps.uow.run(async (scope) => {
        for (const user of users) {
          const skeleton = Email.skeletonOf(user.email, deps.emails);
          if ((await scope.users.add(user, skeleton)) !== 'added')
            throw new Error(`given: email taken ${user.email}`);
        }
      });
    },
    async userById(id: string): Promise<User | null> {
      return deps.uow.run((scope) => scope.users.findById(id));
    },
  };
}

export type TestWorld = ReturnType<typeof createTestWorld>;
