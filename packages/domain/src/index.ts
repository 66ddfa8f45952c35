// Model
export { Email, normalizeEmail } from './model/email.js';
export { attemptSubject } from './model/attempt-subject.js';
export {
  Password,
  PasswordPolicy,
  DEFAULT_PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
} from './model/password.js';
export { ROLES, ROLE_FIELD_MESSAGE, isRole, type Role } from './model/role.js';
export { LOCALES, LOCALE_FIELD_MESSAGE, DEFAULT_LOCALE, isLocale, type Locale } from './model/locale.js';
export {
  USER_STATUSES,
  SETTABLE_STATUSES,
  SETTABLE_STATUS_FIELD_MESSAGE,
  isUserStatus,
  isSettableStatus,
  type UserStatus,
  type SettableStatus,
} from './model/user-status.js';
export { PageRequest, DEFAULT_PAGE, DEFAULT_PER_PAGE, MAX_PER_PAGE } from './model/page-request.js';
export {
  User,
  toUserView,
  isActiveAdmin,
  type UserView,
  type NewAccount,
  type SetPasswordOptions,
} from './model/user.js';
export { checkNewCredentials, type NewCredentials } from './model/credentials.js';
export { isSessionLive, type Session } from './model/session.js';
export type { RefreshToken } from './model/refresh-token.js';
export type { PasswordResetToken } from './model/password-reset-token.js';
export type {
  NewOutboxJob,
  OutboxJob,
  OutboxJobState,
  OutboxMessage,
  PasswordResetEmail,
  PasswordResetRequested,
  LegacyPasswordResetEmail,
} from './model/outbox-job.js';
export type { Principal } from './model/principal.js';
export type { TokenPair } from './model/token-pair.js';
export type { DomainEvent, DomainEventName } from './model/events.js';

// Results and errors
export {
  ok,
  fail,
  validationFailed,
  tooManyAttempts,
  type Result,
  type Success,
  type Failure,
  type FieldError,
} from './shared/result.js';
export { ERROR_CODES, type ErrorCode, type AccountStatusCode } from './shared/error-codes.js';
export { MESSAGES } from './shared/messages.js';
export { isUuid } from './shared/uuid.js';

// Ports
export type { UserRepository, UserListQuery, UserListPage, AddUserOutcome } from './ports/user-repository.js';
export type { SessionRepository } from './ports/session-repository.js';
export type { RefreshTokenRepository, RotationState } from './ports/refresh-token-repository.js';
export type { PasswordResetTokenRepository } from './ports/password-reset-token-repository.js';
export type { Outbox, OutboxQueue, ClaimOptions, JobClaim } from './ports/outbox.js';
export type { UnitOfWork, TransactionScope } from './ports/unit-of-work.js';
export type { PasswordHasher } from './ports/password-hasher.js';
export type { TokenService, AccessClaims, RefreshClaims } from './ports/token-service.js';
export type { RandomTokens } from './ports/random-tokens.js';
export type { Clock } from './ports/clock.js';
export type { IdGenerator } from './ports/id-generator.js';
export type { EventLog } from './ports/event-log.js';
export type { Mailer, OutgoingEmail } from './ports/mailer.js';
export type { DevMailbox, MailboxMessage } from './ports/dev-mailbox.js';
export type { EmailCanonicalizer } from './ports/email-canonicalizer.js';
export type { SecretSealer } from './ports/secret-sealer.js';
export type { SchemaMigrations, MigrationStatus } from './ports/schema-migrations.js';
export type { StorageDescription } from './ports/storage-description.js';
export type { DistributedLock, LockOutcome } from './ports/distributed-lock.js';
export type {
  AttemptLimiter,
  AttemptRefusal,
  AttemptVerdict,
  AttemptWindow,
} from './ports/attempt-limiter.js';
export type { WindowCount, WindowCounters } from './ports/window-counters.js';
export { CountingAttemptLimiter } from './policies/counting-attempt-limiter.js';
export { TOKENS } from './ports/tokens.js';
export { StoreUnavailable, isStoreUnavailable } from './ports/unavailable.js';

// Settings and wiring
export {
  authSettings,
  DEFAULT_AUTH_SETTINGS,
  longestResetWindowSeconds,
  type AuthSettings,
  type RegistrationMode,
  type ResetLimitWindow,
} from './settings.js';
export type { DomainDependencies } from './dependencies.js';
export { createUseCases, type UseCases } from './use-case-registry.js';

// Use cases
export * from './use-cases/register-user/register-user.js';
export * from './use-cases/login/login.js';
export * from './use-cases/authenticate/authenticate.js';
export * from './use-cases/authorize-admin/authorize-admin.js';
export * from './use-cases/refresh-session/refresh-session.js';
export * from './use-cases/logout/logout.js';
export * from './use-cases/logout-all/logout-all.js';
export * from './use-cases/list-sessions/list-sessions.js';
export * from './use-cases/revoke-session/revoke-session.js';
export * from './use-cases/request-password-reset/request-password-reset.js';
export * from './use-cases/reset-password/reset-password.js';
export * from './use-cases/change-password/change-password.js';
export * from './use-cases/list-users/list-users.js';
export * from './use-cases/get-user/get-user.js';
export * from './use-cases/create-user/create-user.js';
export * from './use-cases/approve-user/approve-user.js';
export * from './use-cases/reject-user/reject-user.js';
export * from './use-cases/update-user/update-user.js';
export * from './use-cases/seed-admin/seed-admin.js';
export * from './use-cases/cleanup-refresh-tokens/cleanup-refresh-tokens.js';
export * from './use-cases/cleanup-reset-tokens/cleanup-reset-tokens.js';
export * from './use-cases/deliver-outbox/deliver-outbox.js';
export * from './use-cases/deliver-outbox/render-email.js';
export {
  resetTokenContext,
  type IssueDependencies,
} from './use-cases/deliver-outbox/issue-password-reset.js';
export * from './use-cases/set-password/set-password.js';
export * from './use-cases/cleanup-sessions/cleanup-sessions.js';
export * from './use-cases/purge-outbox/purge-outbox.js';
export * from './use-cases/run-cleanup/run-cleanup.js';
