import type { DomainDependencies } from './dependencies.js';
import { ApproveUser } from './use-cases/approve-user/approve-user.js';
import { Authenticate } from './use-cases/authenticate/authenticate.js';
import { ChangePassword } from './use-cases/change-password/change-password.js';
import { CleanupRefreshTokens } from './use-cases/cleanup-refresh-tokens/cleanup-refresh-tokens.js';
import { CleanupResetTokens } from './use-cases/cleanup-reset-tokens/cleanup-reset-tokens.js';
import { CleanupSessions } from './use-cases/cleanup-sessions/cleanup-sessions.js';
import { CreateUser } from './use-cases/create-user/create-user.js';
import { DeliverOutbox } from './use-cases/deliver-outbox/deliver-outbox.js';
import { GetUser } from './use-cases/get-user/get-user.js';
import { ListSessions } from './use-cases/list-sessions/list-sessions.js';
import { ListUsers } from './use-cases/list-users/list-users.js';
import { Login } from './use-cases/login/login.js';
import { LogoutAll } from './use-cases/logout-all/logout-all.js';
import { Logout } from './use-cases/logout/logout.js';
import { PurgeOutbox } from './use-cases/purge-outbox/purge-outbox.js';
import { RefreshSession } from './use-cases/refresh-session/refresh-session.js';
import { RegisterUser } from './use-cases/register-user/register-user.js';
import { RejectUser } from './use-cases/reject-user/reject-user.js';
import { RequestPasswordReset } from './use-cases/request-password-reset/request-password-reset.js';
import { ResetPassword } from './use-cases/reset-password/reset-password.js';
import { RevokeSession } from './use-cases/revoke-session/revoke-session.js';
import { RunCleanup } from './use-cases/run-cleanup/run-cleanup.js';
import { SeedAdmin } from './use-cases/seed-admin/seed-admin.js';
import { SetPassword } from './use-cases/set-password/set-password.js';
import { UpdateUser } from './use-cases/update-user/update-user.js';

/**
 * Every use case, by the name the drivers call it, built over one set of dependencies. The one list:
 * the composition, the test worlds and an embedding service all build theirs here, so a new use case
 * added to it reaches every one of them.
 */
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
    setPassword: new SetPassword(deps),
    cleanupRefreshTokens: new CleanupRefreshTokens(deps),
    cleanupResetTokens: new CleanupResetTokens(deps),
    cleanupSessions: new CleanupSessions(deps),
    deliverOutbox: new DeliverOutbox(deps),
    purgeOutbox: new PurgeOutbox(deps),
    runCleanup: new RunCleanup(deps),
  } as const;
}

/** The use cases `createUseCases` builds, by name. */
export type UseCases = ReturnType<typeof createUseCases>;
