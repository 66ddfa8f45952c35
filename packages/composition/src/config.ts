import { z } from 'zod';
import { parseRateLimits, type RateLimitWindow } from './rate-limit.js';

/** Thrown with every problem of the environment at once, one per line, so one fix round suffices. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']))
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const rateLimits = z.string().transform((spec, ctx) => {
  try {
    return parseRateLimits(spec);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const url = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

// Every variable, with its default. Values arrive as strings (or not at all) from the environment.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(8000),
  HOST: z.string().trim().min(1).optional(),
  DATABASE_URL: z.string().trim().min(1).optional(),
  DATABASE_POOL_MAX: int(1, 1000).default(10),
  DATABASE_CONNECT_TIMEOUT: int(1, 300).default(5),
  DATABASE_STARTUP_TIMEOUT: int(0, 3600).default(60),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  SECRET_KEY: z.string().optional(),
  JWT_SECRET: z.string().optional(),
  JWT_ALGORITHM: z.enum(['HS256', 'HS384', 'HS512']).default('HS256'),
  JWT_ISSUER: z.string().trim().min(1).default('codex-auth'),
  JWT_AUDIENCE: z.string().trim().min(1).default('codex-auth'),
  SECURITY_PASSWORD_SALT: z.string().optional(),
  ACCESS_TOKEN_TTL: int(1).default(900),
  REFRESH_TOKEN_TTL: int(1).default(604_800),
  REFRESH_REUSE_GRACE_SECONDS: int(0, 3600).default(10),
  PASSWORD_MIN_LENGTH: int(8, 1024).default(12),
  PASSWORD_RESET_TTL: int(60).default(3600),
  PASSWORD_RESET_PER_ACCOUNT_LIMIT: rateLimits.default(parseRateLimits('3/hour')),
  REGISTRATION: z.enum(['open', 'closed']).default('open'),
  ARGON2_MEMORY_COST: int(1024).default(19_456),
  ARGON2_TIME_COST: int(1, 100).default(2),
  ARGON2_PARALLELISM: int(1, 64).default(1),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  TRUST_PROXY: int(0, 10).default(0),
  CORS_ORIGINS: z.string().default(''),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  LOGIN_RATE_LIMIT: rateLimits.default(parseRateLimits('5/minute')),
  LOGIN_EMAIL_RATE_LIMIT: rateLimits.default(parseRateLimits('10/15minutes')),
  FORGOT_PASSWORD_RATE_LIMIT: rateLimits.default(parseRateLimits('5/minute;30/hour')),
  REGISTER_RATE_LIMIT: rateLimits.default(parseRateLimits('10/hour')),
  REFRESH_RATE_LIMIT: rateLimits.default(parseRateLimits('60/minute')),
  WEB_CONCURRENCY: int(1, 64).default(1),
  REQUEST_TIMEOUT: int(1, 3600).default(60),
  SECURE_COOKIES: bool.optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  APP_NAME: z.string().trim().min(1).max(100).default('Codex Auth'),
  /** Default: `APP_NAME <no-reply@localhost>`, built in `loadConfig`. */
  MAIL_FROM: z.string().trim().min(3).optional(),
  /** Default outside production: where the web process listens (`developmentBaseUrl`). */
  APP_BASE_URL: url(['http:', 'https:']).optional(),
  WORKER_HEARTBEAT_INTERVAL: int(1, 86_400).default(30),
  CLEANUP_INTERVAL: int(60).default(86_400),
  CLEANUP_GRACE_DAYS: int(0, 36_500).default(7),
  OUTBOX_POLL_INTERVAL: int(1, 3600).default(2),
  MAIL_MAX_ATTEMPTS: int(1, 100).default(8),
});

/**
 * The name of every variable `loadConfig` reads, taken from the schema itself so it cannot drift.
 * Deployment files (Dockerfile, compose.yaml, render.yaml) are checked against it: a misspelt
 * variable there would otherwise be ignored in silence and the default used.
 */
export const CONFIG_VARIABLES: readonly (keyof typeof schema.shape)[] = Object.freeze(
  Object.keys(schema.shape) as (keyof typeof schema.shape)[],
);

export type Environment = 'development' | 'production' | 'test';

export interface Config {
  readonly env: Environment;
  readonly production: boolean;
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly trustProxyHops: number;
    readonly corsOrigins: readonly string[];
    readonly requestTimeoutMs: number;
    readonly webConcurrency: number;
    readonly secureCookies: boolean;
  };
  readonly database: {
    readonly url: string | undefined;
    readonly poolMax: number;
    /** How long opening one connection may take before the query fails (a 503 in a request). */
    readonly connectTimeoutMs: number;
    /** How long the web process and the worker keep retrying an unreachable database at start. */
    readonly startupTimeoutMs: number;
  };
  readonly dataDir: string;
  /** Undefined outside production when not set: `resolveSecrets` makes and keeps one. */
  readonly secretKey: string | undefined;
  readonly jwt: {
    readonly secret: string | undefined;
    readonly algorithm: 'HS256' | 'HS384' | 'HS512';
    readonly issuer: string;
    readonly audience: string;
  };
  readonly auth: {
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
    readonly refreshReuseGraceSeconds: number;
    readonly passwordMinLength: number;
    readonly passwordResetTtlSeconds: number;
    /** Reset links issued per account; windows in whole seconds. */
    readonly passwordResetPerAccount: readonly { readonly max: number; readonly windowSeconds: number }[];
    readonly registration: 'open' | 'closed';
  };
  readonly argon2: { readonly memoryCost: number; readonly timeCost: number; readonly parallelism: number };
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
  readonly redisUrl: string | undefined;
  readonly rateLimits: {
    readonly login: readonly RateLimitWindow[];
    readonly loginPerEmail: readonly RateLimitWindow[];
    readonly forgotPassword: readonly RateLimitWindow[];
    readonly register: readonly RateLimitWindow[];
    readonly refresh: readonly RateLimitWindow[];
  };
  readonly mail: {
    readonly smtpUrl: string | undefined;
    /** `APP_NAME`: the product's name in the emails' subject and text. */
    readonly productName: string;
    readonly from: string;
    /**
     * Where reset links point. Undefined only in production when `APP_BASE_URL` is not set: the
     * worker refuses to start then, as without `SMTP_URL` (the other processes build no links).
     */
    readonly appBaseUrl: string | undefined;
    readonly maxAttempts: number;
  };
  readonly worker: {
    readonly heartbeatIntervalSeconds: number;
    readonly cleanupIntervalSeconds: number;
    readonly cleanupGraceDays: number;
    readonly outboxPollIntervalSeconds: number;
  };
}

const MIN_SECRET_BYTES = 32;

/**
 * Reads and validates the environment. Pure: no files, no network. Throws a ConfigError listing
 * every bad or missing variable by name, never echoing a secret's value.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  // Empty strings count as unset: `FOO=` in a .env file means "no value", not "an empty value".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = schema.safeParse(present);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.DATABASE_URL === undefined) {
    problems.push('DATABASE_URL: required in production (the embedded database is for development)');
  }
  if (production && e.SECRET_KEY === undefined) problems.push('SECRET_KEY: required in production');
  for (const name of ['SECRET_KEY', 'JWT_SECRET'] as const) {
    const value = e[name];
    if (value !== undefined && Buffer.byteLength(value) < MIN_SECRET_BYTES) {
      problems.push(`${name}: must be at least ${MIN_SECRET_BYTES} bytes`);
    }
  }
  const jwtKeyBytes = { HS256: 32, HS384: 48, HS512: 64 }[e.JWT_ALGORITHM];
  if (e.JWT_SECRET !== undefined && Buffer.byteLength(e.JWT_SECRET) < jwtKeyBytes) {
    if (!problems.some((p) => p.startsWith('JWT_SECRET'))) {
      problems.push(`JWT_SECRET: must be at least ${jwtKeyBytes} bytes for ${e.JWT_ALGORITHM}`);
    }
  }
  if (production && e.WEB_CONCURRENCY > 1 && e.REDIS_URL === undefined) {
    problems.push(
      'WEB_CONCURRENCY: more than 1 process in production needs REDIS_URL, so rate limits are shared',
    );
  }
  if (e.REFRESH_TOKEN_TTL <= e.ACCESS_TOKEN_TTL) {
    problems.push('REFRESH_TOKEN_TTL: must be longer than ACCESS_TOKEN_TTL');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const host = e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1');
  return {
    env: e.NODE_ENV,
    production,
    http: {
      port: e.PORT,
      host,
      trustProxyHops: e.TRUST_PROXY,
      corsOrigins: e.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
      requestTimeoutMs: e.REQUEST_TIMEOUT * 1000,
      webConcurrency: e.WEB_CONCURRENCY,
      secureCookies: e.SECURE_COOKIES ?? production,
    },
    database: {
      url: e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT * 1000,
      startupTimeoutMs: e.DATABASE_STARTUP_TIMEOUT * 1000,
    },
    dataDir: e.DATA_DIR,
    secretKey: e.SECRET_KEY,
    jwt: { secret: e.JWT_SECRET, algorithm: e.JWT_ALGORITHM, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    auth: {
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL,
      refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE_SECONDS,
      passwordMinLength: e.PASSWORD_MIN_LENGTH,
      passwordResetTtlSeconds: e.PASSWORD_RESET_TTL,
      passwordResetPerAccount: e.PASSWORD_RESET_PER_ACCOUNT_LIMIT.map((w) => ({
        max: w.max,
        windowSeconds: Math.round(w.durationMs / 1000),
      })),
      registration: e.REGISTRATION,
    },
    argon2: {
      memoryCost: e.ARGON2_MEMORY_COST,
      timeCost: e.ARGON2_TIME_COST,
      parallelism: e.ARGON2_PARALLELISM,
    },
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    rateLimits: {
      login: e.LOGIN_RATE_LIMIT,
      loginPerEmail: e.LOGIN_EMAIL_RATE_LIMIT,
      forgotPassword: e.FORGOT_PASSWORD_RATE_LIMIT,
      register: e.REGISTER_RATE_LIMIT,
      refresh: e.REFRESH_RATE_LIMIT,
    },
    mail: {
      smtpUrl: e.SMTP_URL,
      productName: e.APP_NAME,
      from: e.MAIL_FROM ?? `${displayName(e.APP_NAME)} <no-reply@localhost>`,
      appBaseUrl: e.APP_BASE_URL ?? (production ? undefined : developmentBaseUrl(host, e.PORT)),
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
    },
    worker: {
      heartbeatIntervalSeconds: e.WORKER_HEARTBEAT_INTERVAL,
      cleanupIntervalSeconds: e.CLEANUP_INTERVAL,
      cleanupGraceDays: e.CLEANUP_GRACE_DAYS,
      outboxPollIntervalSeconds: e.OUTBOX_POLL_INTERVAL,
    },
  };
}

/**
 * Hosts a link names as `localhost`: the wildcards ("every interface", which no browser can open)
 * and the default loopback address, so the unset default stays `http://localhost:8000`.
 */
const LOCALHOST_EQUIVALENTS = new Set(['0.0.0.0', '::', '[::]', '127.0.0.1', 'localhost']);

/**
 * `APP_BASE_URL`'s development default: the web process itself, so a reset link from the dev
 * mailbox opens where the server really listens (`HOST`, `PORT`). `localhost` for a wildcard or the
 * default loopback address, the host itself otherwise (an IPv6 address in brackets).
 */
export function developmentBaseUrl(host: string, port: number): string {
  const bare = !host.startsWith('[') && host.includes(':');
  const name = LOCALHOST_EQUIVALENTS.has(host) ? 'localhost' : bare ? `[${host}]` : host;
  // PORT=0 asks for any free port, unknown until the server listens: no port can be named here.
  return port === 0 || port === 80 ? `http://${name}` : `http://${name}:${port}`;
}

/** `APP_NAME` as an address's display name: quoted when it holds a character RFC 5322 reserves. */
function displayName(name: string): string {
  return /^[\w !#$%&'*+\-/=?^`{|}~]+$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}
