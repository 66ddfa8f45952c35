/**
 * Thrown by an adapter when the store behind a port cannot be reached at all (connection refused or
 * lost, the server shutting down, no connection to be had within the timeout). Unlike every other
 * failure of a port, it says nothing about the request: the same call may succeed once the store is
 * back, so drivers answer "try again later" (HTTP 503) instead of reporting a bug.
 *
 * Its message is safe to log and carries no query text; `code` is the underlying driver's error code
 * (`ECONNREFUSED`, `57P01`, …) when there is one.
 */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
  readonly code: string | undefined;

  constructor(
    message: string,
    options: { readonly code?: string | undefined; readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }
}

/** True for a StoreUnavailable, even one from another copy of this module (a duplicated install). */
export function isStoreUnavailable(error: unknown): error is StoreUnavailable {
  return error instanceof StoreUnavailable || (error instanceof Error && error.name === 'StoreUnavailable');
}
