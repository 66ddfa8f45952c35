import { StoreUnavailable } from '@codex-auth/domain';
import type { Knex } from 'knex';

/** Socket-level failures: the server is not there, or the connection to it broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * SQLSTATEs that say the server cannot serve right now, whatever the query: admin_shutdown,
 * crash_shutdown, cannot_connect_now (starting up or shutting down), too_many_connections. The
 * whole class 08 (connection exception) counts too.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres and knex say, without a code, when a connection dies or cannot be had. */
const LOST_CONNECTION = [
  /Connection terminated/,
  /connection timeout/i,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /Timeout acquiring a connection/,
  /^timeout expired$/,
];

/**
 * Whether `error` means the database could not be reached at all (as opposed to a query it refused).
 * Looks through `cause` and an AggregateError's `errors` (a host name resolving to several addresses
 * yields one error per address).
 */
export function isConnectionLoss(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const { code, message, name, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (name === 'StoreUnavailable' || name === 'KnexTimeoutError') return true;
  if (typeof code === 'string') {
    // A Unix socket that is gone (the embedded database's web process stopped).
    if (code === 'ENOENT' && (error as { syscall?: unknown }).syscall === 'connect') return true;
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
      return true;
  }
  if (typeof message === 'string' && LOST_CONNECTION.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => isConnectionLoss(e, depth + 1))) {
    return true;
  }
  return cause !== undefined && isConnectionLoss(cause, depth + 1);
}

/** A stable code for the losses node-postgres and knex report by message alone. */
function codelessCause(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'KnexTimeoutError' || (typeof message === 'string' && /Timeout acquiring/.test(message))) {
    return 'POOL_TIMEOUT';
  }
  if (typeof message === 'string' && /Connection terminated/.test(message)) return 'CONNECTION_TERMINATED';
  return 'DATABASE_UNAVAILABLE';
}

function codeOf(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || error === null || typeof error !== 'object') return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  if (Array.isArray(errors) && errors.length > 0) return codeOf(errors[0], depth + 1);
  return codeOf(cause, depth + 1);
}

/** `error` as a StoreUnavailable when it is a connection loss; otherwise `error` itself, untouched. */
export function classifyDatabaseError(error: unknown): unknown {
  if (error instanceof StoreUnavailable || !isConnectionLoss(error)) return error;
  // Always a code, so logs and alerts can group outages: the driver's when it has one, else ours.
  const code = codeOf(error) ?? codelessCause(error);
  const detail = error instanceof Error && error.message !== '' ? error.message : String(error);
  return new StoreUnavailable(`database unavailable: ${detail}`, { code, cause: error });
}

/** Runs `fn`, turning a connection loss into a StoreUnavailable. */
export async function classifying<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classifyDatabaseError(error);
  }
}

/**
 * knex prefixes the message of every failed query with the query's text (and, by default, its
 * bindings: emails, token hashes). Errors get logged, so knex is told not to inline bindings
 * (`compileSqlOnError: false`) and this listener takes the text off again, leaving the server's own
 * message. The `code` (SQLSTATE) stays on the error for whoever logs it.
 */
export function keepQueryTextOutOfErrors(knex: Knex): void {
  knex.on('query-error', (error: unknown, query: { sql?: unknown }) => {
    if (!(error instanceof Error) || typeof query?.sql !== 'string') return;
    const prefix = `${query.sql} - `;
    if (error.message.startsWith(prefix)) error.message = error.message.slice(prefix.length);
  });
}
