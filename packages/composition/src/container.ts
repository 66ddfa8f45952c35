import {
  AesGcmSecretSealer,
  Argon2PasswordHasher,
  deriveKey,
  sealingKeyFrom,
  JwtTokenService,
  NodeRandomTokens,
} from '@codex-auth/adapters-crypto';
import { SystemClock, UuidGenerator } from '@codex-auth/adapters-system';
import { memoryWindowCounters, redisWindowCounters, type Counters } from '@codex-auth/adapters-counters';
import { createDatabase, type Database } from '@codex-auth/adapters-pg';
import { UnicodeEmailCanonicalizer } from '@codex-auth/adapters-unicode';
import { join } from 'node:path';
import {
  authSettings,
  CountingAttemptLimiter,
  createUseCases,
  PasswordPolicy,
  TOKENS,
  type AuthSettings,
  type Clock,
  type DevMailbox,
  type DomainDependencies,
  type EmailCanonicalizer,
  type EventLog,
  type IdGenerator,
  type Mailer,
  type OutboxQueue,
  DEFAULT_DELIVERY_SETTINGS,
  type PasswordHasher,
  type DistributedLock,
  type RandomTokens,
  type SchemaMigrations,
  type StorageDescription,
  type SecretSealer,
  type TokenService,
  type UnitOfWork,
  type UseCases,
  type AttemptLimiter,
  type WindowCounters,
} from '@codex-auth/domain';
import { Container, ContainerModule } from 'inversify';
import type { Config } from './config.js';
import { createLogger, errorFields, LoggerEventLog, type Logger } from './logging.js';
import { resolveSecrets, type Secrets } from './secrets.js';

/** Keys for what the composition itself provides, beside the domain's TOKENS. */
export const APP_TOKENS = {
  Config: Symbol.for('codex-auth.Config'),
  /** The one bag every use case is built from: tests build theirs again with other settings or mailer. */
  DomainDependencies: Symbol.for('codex-auth.DomainDependencies'),
  /** Every use case, from the domain's `createUseCases`. */
  UseCases: Symbol.for('codex-auth.UseCases'),
} as const;

/**
 * SMTP when `SMTP_URL` is set; otherwise, outside production, `.eml` files under `DATA_DIR/mail`.
 * Production without SMTP or without `APP_BASE_URL` keeps jobs queued (every send fails, retryably)
 * and the worker refuses to start, so nothing is lost while the setting is missing.
 */
export function createMailer(config: Config, logger: Logger): Mailer & { close?: () => void } {
  // Production without APP_BASE_URL: no link could be right, so none is sent (the worker refuses
  // to start; this covers a use case run by any other process).
  if (config.mail.appBaseUrl === undefined) {
    return { send: () => Promise.reject(new Error('APP_BASE_URL is not set')) };
  }
  const { smtpUrl, from } = config.mail;
  if (smtpUrl !== undefined)
    return loadedOnFirstSend(async () => {
      const { SmtpMailer } = await import('@codex-auth/adapters-mail');
      return new SmtpMailer({ url: smtpUrl, from });
    });
  if (!config.production) {
    return loadedOnFirstSend(async () => {
      const { FileMailer } = await import('@codex-auth/adapters-mail');
      return new FileMailer({
        dir: mailDirectory(config),
        from,
        onSaved: (path) => logger.info('email_saved', { event: 'email_saved', path }),
      });
    });
  }
  return {
    send: () => Promise.reject(new Error('SMTP_URL is not set')),
  };
}

/**
 * Where rate and attempt limits count: Redis when `REDIS_URL` is set (shared by every process, with
 * this process's memory while Redis is down, said at warn once a minute), else this process's memory.
 * The connection opens on first use, so a CLI command that checks no password never connects.
 */
export function createCounters(config: Config, logger: Logger): Counters {
  if (config.redisUrl === undefined) return memoryWindowCounters();
  return redisWindowCounters(config.redisUrl, {
    onUnavailable: (error) =>
      logger.warn('rate_limit_store_unavailable', {
        event: 'rate_limit_store_unavailable',
        store: 'redis',
        fallback: 'memory',
        ...errorFields(error),
      }),
    onRecovered: () =>
      logger.info('rate_limit_store_recovered', { event: 'rate_limit_store_recovered', store: 'redis' }),
  });
}

/** Where development emails are saved (`FileMailer`) and read back from (`FileMailbox`). */
function mailDirectory(config: Config): string {
  return join(config.dataDir, 'mail');
}

/**
 * The development mailbox's reader, outside production only: in production there is no such
 * thing, so no driver can serve a page of working reset links however it is configured.
 */
export function createDevMailbox(config: Config): DevMailbox | undefined {
  return config.production ? undefined : fileMailbox(mailDirectory(config));
}

/**
 * The development mailbox's reader, loaded (with mailparser) when the page is first asked for: a
 * development process that never shows it does not pay for it.
 */
function fileMailbox(dir: string): DevMailbox {
  let mailbox: Promise<DevMailbox> | undefined;
  return {
    list: async (limit) => {
      mailbox ??= import('@codex-auth/adapters-mail').then(({ FileMailbox }) => new FileMailbox({ dir }));
      return (await mailbox).list(limit);
    },
  };
}

/**
 * The mail adapter, loaded when the first email is sent. Only the outbox delivery sends (the worker,
 * or the web process on the embedded database), so a web process on Postgres never loads nodemailer,
 * which would hold ~20 MiB of its memory from the start (docs/performance.md, "Memory at start").
 */
function loadedOnFirstSend(
  load: () => Promise<Mailer & { close?: () => void }>,
): Mailer & { close: () => void } {
  let mailer: Promise<Mailer & { close?: () => void }> | undefined;
  let closed = false;
  return {
    send: async (email) => {
      if (closed) throw new Error('the mailer is closed');
      // A failed load is not kept: the next send tries again.
      mailer ??= load().catch((error: unknown) => {
        mailer = undefined;
        throw error;
      });
      return (await mailer).send(email);
    },
    close: () => {
      closed = true;
      void mailer?.then(
        (m) => m.close?.(),
        () => undefined,
      );
    },
  };
}

// RFC 7518: an HMAC key at least as long as the hash it feeds.
const JWT_KEY_BYTES = { HS256: 32, HS384: 48, HS512: 64 } as const;

/** Adapters bound to the domain's ports. */
export function infrastructureModule(
  config: Config,
  secrets: Secrets,
  database: Database,
  logger: Logger,
  mailer: Mailer,
  counters: WindowCounters,
): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Config>(APP_TOKENS.Config).toConstantValue(config);
    bind<UnitOfWork>(TOKENS.UnitOfWork).toConstantValue(database.uow);
    bind<OutboxQueue>(TOKENS.OutboxQueue).toConstantValue(database.outboxQueue);
    bind<PasswordHasher>(TOKENS.PasswordHasher).toConstantValue(new Argon2PasswordHasher(config.argon2));
    // Separate keys per purpose: a JWT key never doubles as anything else, and JWT_SECRET, when
    // set, lets tokens be rotated without touching SECRET_KEY.
    const jwtSecret =
      config.jwt.secret === undefined
        ? deriveKey(secrets.secretKey, 'jwt-signing', JWT_KEY_BYTES[config.jwt.algorithm])
        : Buffer.from(config.jwt.secret);
    bind<TokenService>(TOKENS.TokenService).toConstantValue(
      new JwtTokenService({
        secret: jwtSecret,
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
        algorithm: config.jwt.algorithm,
      }),
    );
    bind<RandomTokens>(TOKENS.RandomTokens).toConstantValue(new NodeRandomTokens());
    // Its own key, derived for this purpose; the id it stores changes with SECRET_KEY, so a value
    // sealed under an old key is refused by name rather than decrypted into garbage.
    bind<SecretSealer>(TOKENS.SecretSealer).toConstantValue(
      new AesGcmSecretSealer({ current: sealingKeyFrom(secrets.secretKey) }),
    );
    bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
    bind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(new UuidGenerator());
    bind<EventLog>(TOKENS.EventLog).toConstantValue(new LoggerEventLog(logger));
    bind<Mailer>(TOKENS.Mailer).toConstantValue(mailer);
    // Failed attempts at a password per account, whichever door they come through.
    bind<AttemptLimiter>(TOKENS.AttemptLimiter).toConstantValue(
      new CountingAttemptLimiter(counters, 'login_email', config.rateLimits.loginPerEmail),
    );
    bind<EmailCanonicalizer>(TOKENS.EmailCanonicalizer).toConstantValue(new UnicodeEmailCanonicalizer());
    bind<AuthSettings>(TOKENS.AuthSettings).toConstantValue(
      authSettings({
        accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
        refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
        refreshReuseGraceSeconds: config.auth.refreshReuseGraceSeconds,
        passwordResetTtlSeconds: config.auth.passwordResetTtlSeconds,
        passwordResetLimits: config.auth.passwordResetPerAccount,
        registration: config.auth.registration,
        passwordPolicy: new PasswordPolicy(config.auth.passwordMinLength),
      }),
    );
  });
}

/**
 * The use cases: the dependency bag is gathered by name from the ports bound above, and the domain's
 * `createUseCases` builds every use case from it. By factory, because the domain has no decorators and
 * stays usable with `new` and no container (see examples/embedded).
 */
export function domainModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<DomainDependencies>(APP_TOKENS.DomainDependencies)
      .toDynamicValue((context): DomainDependencies => {
        const config = context.get<Config>(APP_TOKENS.Config);
        return {
          uow: context.get<UnitOfWork>(TOKENS.UnitOfWork),
          hasher: context.get<PasswordHasher>(TOKENS.PasswordHasher),
          tokens: context.get<TokenService>(TOKENS.TokenService),
          randomTokens: context.get<RandomTokens>(TOKENS.RandomTokens),
          clock: context.get<Clock>(TOKENS.Clock),
          ids: context.get<IdGenerator>(TOKENS.IdGenerator),
          events: context.get<EventLog>(TOKENS.EventLog),
          settings: context.get<AuthSettings>(TOKENS.AuthSettings),
          emails: context.get<EmailCanonicalizer>(TOKENS.EmailCanonicalizer),
          outboxQueue: context.get<OutboxQueue>(TOKENS.OutboxQueue),
          mailer: context.get<Mailer>(TOKENS.Mailer),
          attempts: context.get<AttemptLimiter>(TOKENS.AttemptLimiter),
          sealer: context.get<SecretSealer>(TOKENS.SecretSealer),
          delivery: {
            ...DEFAULT_DELIVERY_SETTINGS,
            maxAttempts: config.mail.maxAttempts,
            // Unset only in production, where the mailer above then refuses every send.
            appBaseUrl: config.mail.appBaseUrl ?? '',
            productName: config.mail.productName,
          },
        };
      })
      .inSingletonScope();
    bind<UseCases>(APP_TOKENS.UseCases)
      .toResolvedValue(createUseCases, [APP_TOKENS.DomainDependencies])
      .inSingletonScope();
  });
}

export interface Application {
  readonly config: Config;
  readonly logger: Logger;
  /** The store's schema: the CLI migrates it, the long-running processes check it is current. */
  readonly schema: SchemaMigrations;
  /** What the store is and where (for banners and logs), and whether it answers (readiness). */
  readonly storage: StorageDescription;
  /** The deployment-wide lock the worker's clean-up runs under. */
  readonly locks: DistributedLock;
  /** Where rate limits count (the per-account attempt limits of the use cases count there too). */
  readonly counters: WindowCounters;
  /** The emails saved instead of sent (no `SMTP_URL`), for the `/dev/mail` page; undefined in production. */
  readonly devMailbox: DevMailbox | undefined;
  readonly container: Container;
  /** Every use case, the worker's delivery and clean-up included. */
  readonly useCases: UseCases;
  close(): Promise<void>;
}

export interface ApplicationOptions {
  /** A logger of the caller's (tests capture lines); by default JSON lines on stdout. */
  readonly logger?: Logger;
  /** Migrate the database on start: the embedded database always is; Postgres by a release step. */
  readonly migrate?: boolean;
  /**
   * The web process: while it holds the embedded database, it serves it to the CLI and the worker
   * over a private Unix socket in DATA_DIR (they, finding it held, connect there).
   */
  readonly shareEmbedded?: boolean;
}

/**
 * The adapter's database behind each Application, for the tests' set-up and inspection only
 * (`@codex-auth/composition/testing`): the Application itself hands drivers the ports alone.
 */
export const databases = new WeakMap<Application, Database>();

/** Everything a driver (web, worker, CLI) needs, wired. */
export async function createApplication(
  config: Config,
  options: ApplicationOptions = {},
): Promise<Application> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const secrets = await resolveSecrets(config, (message) => logger.warn(message));
  const database = await createDatabase({
    url: config.database.url,
    dataDir: config.dataDir,
    poolMax: config.database.poolMax,
    connectTimeoutMs: config.database.connectTimeoutMs,
    forwardOnly: config.production,
    share: options.shareEmbedded === true,
    onShareFailed: (error) =>
      logger.warn('embedded_share_failed', {
        event: 'embedded_share_failed',
        ...errorFields(error),
        detail:
          'the CLI and the worker cannot reach the embedded database while this process runs: ' +
          'stop it before running them, or set DATABASE_URL',
      }),
    // Migration 0009 computes existing users' email skeletons with the use cases' own canonicalizer.
    emails: new UnicodeEmailCanonicalizer(),
    // knex prints its warnings with console.log, onto stdout: route them into the JSON log instead.
    // At debug: each is followed by the error the caller gets (e.g. a refused connection).
    log: {
      warn: (message: unknown) =>
        logger.debug('database_warning', { event: 'database_warning', detail: String(message) }),
      error: (message: unknown) =>
        logger.error('database_error', { event: 'database_error', detail: String(message) }),
      deprecate: (method: string, alternative: string) =>
        logger.debug('database_deprecation', {
          event: 'database_deprecation',
          detail: `${method} → ${alternative}`,
        }),
      debug: (message: unknown) =>
        logger.debug('database_debug', { event: 'database_debug', detail: String(message) }),
    },
  });
  try {
    if (options.migrate ?? database.kind === 'embedded') await database.migrateLatest();
    const container = new Container();
    const mailer = createMailer(config, logger);
    const counters = createCounters(config, logger);
    container.load(infrastructureModule(config, secrets, database, logger, mailer, counters), domainModule());
    // Each port a fresh object of its own methods: a driver holding one cannot reach knex through it.
    const application: Application = {
      config,
      logger,
      schema: {
        migrationStatus: () => database.migrationStatus(),
        migrateLatest: () => database.migrateLatest(),
        migrateDown: () => database.migrateDown(),
      },
      storage: {
        kind: database.kind,
        location: database.location,
        ping: (timeoutMs) => database.ping(timeoutMs),
      },
      locks: { withAdvisoryLock: (name, fn) => database.withAdvisoryLock(name, fn) },
      counters: { hit: (key, windowMs) => counters.hit(key, windowMs), peek: (key) => counters.peek(key) },
      devMailbox: createDevMailbox(config),
      container,
      useCases: container.get<UseCases>(APP_TOKENS.UseCases),
      close: async () => {
        mailer.close?.();
        await counters.close();
        await database.close();
      },
    };
    databases.set(application, database);
    return application;
  } catch (error) {
    await database.close();
    throw error;
  }
}
