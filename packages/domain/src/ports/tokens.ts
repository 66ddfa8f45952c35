/**
 * Dependency-injection keys for every port and setting. `Symbol.for` so that two copies of this
 * package in one process (a linked workspace, say) still agree on them.
 */
export const TOKENS = {
  UserRepository: Symbol.for('codex-auth.UserRepository'),
  SessionRepository: Symbol.for('codex-auth.SessionRepository'),
  RefreshTokenRepository: Symbol.for('codex-auth.RefreshTokenRepository'),
  PasswordResetTokenRepository: Symbol.for('codex-auth.PasswordResetTokenRepository'),
  UnitOfWork: Symbol.for('codex-auth.UnitOfWork'),
  Outbox: Symbol.for('codex-auth.Outbox'),
  OutboxQueue: Symbol.for('codex-auth.OutboxQueue'),
  PasswordHasher: Symbol.for('codex-auth.PasswordHasher'),
  TokenService: Symbol.for('codex-auth.TokenService'),
  RandomTokens: Symbol.for('codex-auth.RandomTokens'),
  Clock: Symbol.for('codex-auth.Clock'),
  IdGenerator: Symbol.for('codex-auth.IdGenerator'),
  EventLog: Symbol.for('codex-auth.EventLog'),
  Mailer: Symbol.for('codex-auth.Mailer'),
  SecretSealer: Symbol.for('codex-auth.SecretSealer'),
  AuthSettings: Symbol.for('codex-auth.AuthSettings'),
  EmailCanonicalizer: Symbol.for('codex-auth.EmailCanonicalizer'),
} as const;
