import {
  ApproveUser,
  Authenticate,
  ChangePassword,
  CleanupRefreshTokens,
  CleanupResetTokens,
  CleanupSessions,
  CreateUser,
  GetUser,
  ListSessions,
  ListUsers,
  Login,
  Logout,
  LogoutAll,
  RefreshSession,
  RegisterUser,
  RejectUser,
  RequestPasswordReset,
  ResetPassword,
  RevokeSession,
  SeedAdmin,
  SetPassword,
  UpdateUser,
} from '@codex-auth/domain';

/** Every use case the drivers may call, by the name they use. */
export const USE_CASE_CLASSES = {
  registerUser: RegisterUser,
  login: Login,
  authenticate: Authenticate,
  refreshSession: RefreshSession,
  logout: Logout,
  logoutAll: LogoutAll,
  listSessions: ListSessions,
  revokeSession: RevokeSession,
  requestPasswordReset: RequestPasswordReset,
  resetPassword: ResetPassword,
  changePassword: ChangePassword,
  listUsers: ListUsers,
  getUser: GetUser,
  createUser: CreateUser,
  approveUser: ApproveUser,
  rejectUser: RejectUser,
  updateUser: UpdateUser,
  seedAdmin: SeedAdmin,
  setPassword: SetPassword,
  cleanupRefreshTokens: CleanupRefreshTokens,
  cleanupResetTokens: CleanupResetTokens,
  cleanupSessions: CleanupSessions,
} as const;

export type UseCaseName = keyof typeof USE_CASE_CLASSES;
export type UseCases = { readonly [K in UseCaseName]: InstanceType<(typeof USE_CASE_CLASSES)[K]> };

/** DI keys of the use cases: `USE_CASE_TOKENS.login`, … */
export const USE_CASE_TOKENS = Object.fromEntries(
  Object.keys(USE_CASE_CLASSES).map((name) => [name, Symbol.for(`codex-auth.useCase.${name}`)]),
) as { readonly [K in UseCaseName]: symbol };
