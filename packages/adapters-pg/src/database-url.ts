import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

export type SslMode = 'disable' | 'no-verify' | 'require' | 'verify-ca' | 'verify-full';

/** A parsed `DATABASE_URL`. `password` is the only secret; `display` is safe to log. */
export interface DatabaseUrl {
  readonly host: string;
  readonly port: number;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly database: string | undefined;
  readonly sslmode: SslMode;
  readonly sslrootcert: string | undefined;
  readonly applicationName: string | undefined;
  readonly connectTimeoutSeconds: number | undefined;
  /** The URL with the password masked. */
  readonly display: string;
}

/** Raised for a URL we cannot use. Its message never contains the URL's password. */
export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

// The seed (SQLAlchemy) spelled its driver into the scheme.
const SCHEMES = new Set(['postgres:', 'postgresql:', 'postgresql+psycopg:', 'postgresql+psycopg2:']);
const SSL_MODES = new Set<string>(['disable', 'no-verify', 'require', 'verify-ca', 'verify-full']);

export function parseDatabaseUrl(raw: string): DatabaseUrl {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    // Deliberately no `cause`: Node's URL error carries the whole input, password included.
    throw new DatabaseUrlError(
      'DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database)',
    );
  }
  if (!SCHEMES.has(url.protocol)) {
    const scheme = /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? ` '${url.protocol}//'` : '';
    throw new DatabaseUrlError(
      `DATABASE_URL has an unsupported scheme${scheme}: use postgres://, postgresql:// or postgresql+psycopg://`,
    );
  }
  const params = url.searchParams;
  const host = params.get('host') ?? (decode(url.hostname, 'host') || 'localhost');
  const port = parsePort(params.get('port') ?? url.port);
  const sslmode = parseSslMode(params.get('sslmode'));
  const connectTimeout = params.get('connect_timeout');
  const parsed = {
    host: host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host,
    port,
    user: decode(url.username, 'user name') || params.get('user') || undefined,
    password: decode(url.password, 'password') || params.get('password') || undefined,
    database: decode(url.pathname.replace(/^\//, ''), 'database name') || params.get('dbname') || undefined,
    sslmode,
    sslrootcert: params.get('sslrootcert') ?? undefined,
    applicationName: params.get('application_name') ?? undefined,
    connectTimeoutSeconds: connectTimeout === null ? undefined : parseSeconds(connectTimeout),
  };
  return { ...parsed, display: display(parsed) };
}

/** The URL with any password replaced by `***`, or a placeholder when it cannot be parsed. */
export function redactDatabaseUrl(raw: string): string {
  try {
    return parseDatabaseUrl(raw).display;
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

/** libpq's sslmode, spelled as node-postgres TLS options. */
export function sslOptions(url: Pick<DatabaseUrl, 'sslmode' | 'sslrootcert'>): false | ConnectionOptions {
  const ca = url.sslrootcert === undefined ? undefined : readCa(url.sslrootcert);
  switch (url.sslmode) {
    case 'disable':
      return false;
    case 'no-verify':
    case 'require':
      // Encrypted but unauthenticated, as libpq's `require` (without a root certificate).
      return ca === undefined ? { rejectUnauthorized: false } : { ca, checkServerIdentity: () => undefined };
    case 'verify-ca':
      return { rejectUnauthorized: true, ...(ca && { ca }), checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true, ...(ca && { ca }) };
  }
}

function parseSslMode(value: string | null): SslMode {
  if (value === null) return 'disable';
  if (SSL_MODES.has(value)) return value as SslMode;
  if (value === 'prefer' || value === 'allow') {
    // node-postgres cannot fall back from TLS to plain text, so libpq's opportunistic modes
    // would silently mean one or the other. Ask for a decision instead.
    throw new DatabaseUrlError(
      `DATABASE_URL sslmode=${value} is not supported: use disable, require, verify-ca or verify-full`,
    );
  }
  throw new DatabaseUrlError(
    'DATABASE_URL has an unknown sslmode: use disable, require, verify-ca or verify-full',
  );
}

function parsePort(value: string): number {
  if (value === '') return 5432;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65_535)
    throw new DatabaseUrlError('DATABASE_URL has an invalid port');
  return port;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value))
    throw new DatabaseUrlError('DATABASE_URL has an invalid connect_timeout (whole seconds)');
  return seconds;
}

function decode(value: string, what: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new DatabaseUrlError(`DATABASE_URL has a badly percent-encoded ${what}`);
  }
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new DatabaseUrlError(`cannot read the sslrootcert file ${path}`);
  }
}

function display(url: Omit<DatabaseUrl, 'display'>): string {
  const auth =
    url.user === undefined
      ? ''
      : `${encodeURIComponent(url.user)}${url.password === undefined ? '' : ':***'}@`;
  const host = url.host.includes(':') ? `[${url.host}]` : url.host.startsWith('/') ? '' : url.host;
  const socket = url.host.startsWith('/') ? `&host=${encodeURIComponent(url.host)}` : '';
  return `postgres://${auth}${host}:${url.port}/${encodeURIComponent(url.database ?? '')}?sslmode=${url.sslmode}${socket}`;
}
