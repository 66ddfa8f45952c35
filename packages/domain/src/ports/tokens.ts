/**
 * Dependency-injection keys for the ports and settings the composition binds (repositories are
 * reached through the unit of work, so they have none). `Symbol.for` so that two copies of this
 * package in one process (a linked workspace, say) still agree on them.
 */
export const TOKENS = {
  UnitOfWork: Symbol.for('codex-auth.UnitOfWork'),
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
  AttemptLimiter: Symbol.for('codex-auth.AttemptLimiter'),
} as const;
