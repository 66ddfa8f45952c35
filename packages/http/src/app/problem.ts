import { ERROR_CODES, type ErrorCode, type FieldError } from '@codex-auth/domain';

/** Codes only the HTTP layer produces: the domain never sees a content type or a socket. */
export const HTTP_ERROR_CODES = [
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'method_not_allowed',
  'request_timeout',
  'service_unavailable',
  'bad_request',
  'headers_too_large',
  'header_timeout',
  'internal_error',
] as const;

export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];
export type ProblemCode = ErrorCode | HttpErrorCode;

export const PROBLEM_CODES: readonly ProblemCode[] = [...ERROR_CODES, ...HTTP_ERROR_CODES];

interface ProblemKind {
  readonly status: number;
  readonly title: string;
  /** For codes whose detail the HTTP layer writes itself. */
  readonly detail: string;
}

/**
 * THE table from stable codes to HTTP statuses (docs/architecture.md: statuses are chosen here and
 * nowhere else). A route may override a status for its own reasons, as /logout does for the seed.
 */
export const PROBLEMS: { readonly [C in ProblemCode]: ProblemKind } = {
  validation_failed: { status: 400, title: 'Validation failed', detail: 'the request is not valid' },
  email_taken: { status: 409, title: 'Email taken', detail: 'email already registered' },
  registration_closed: { status: 403, title: 'Registration closed', detail: 'registration is closed' },
  invalid_credentials: { status: 401, title: 'Invalid credentials', detail: 'invalid credentials' },
  account_pending: { status: 403, title: 'Account pending', detail: 'not approved' },
  account_rejected: { status: 403, title: 'Account rejected', detail: 'account rejected' },
  account_disabled: { status: 403, title: 'Account disabled', detail: 'account disabled' },
  unauthorized: { status: 401, title: 'Unauthorized', detail: 'unauthorized' },
  forbidden: { status: 403, title: 'Forbidden', detail: 'forbidden' },
  refresh_required: { status: 401, title: 'Refresh token required', detail: 'refresh token required' },
  invalid_refresh: { status: 401, title: 'Invalid refresh token', detail: 'invalid refresh' },
  refresh_revoked: { status: 401, title: 'Refresh token revoked', detail: 'refresh revoked or expired' },
  refresh_reused: {
    status: 401,
    title: 'Refresh token reused',
    detail: 'refresh token reused; the session has been revoked',
  },
  invalid_token: { status: 400, title: 'Invalid token', detail: 'invalid or expired token' },
  not_found: { status: 404, title: 'Not found', detail: 'not found' },
  last_admin: { status: 409, title: 'Last admin', detail: 'this change would leave no approved admin' },
  invalid_json: { status: 400, title: 'Invalid JSON', detail: 'the request body must be a JSON object' },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    detail: 'the request body must be sent as application/json',
  },
  payload_too_large: { status: 413, title: 'Payload too large', detail: 'the request body is too large' },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    detail: 'the method is not allowed on this resource',
  },
  rate_limited: { status: 429, title: 'Too many requests', detail: 'too many requests, try again later' },
  request_timeout: {
    status: 503,
    title: 'Request timed out',
    detail: 'the request took too long; try again later',
  },
  service_unavailable: {
    status: 503,
    title: 'Service unavailable',
    detail: 'a service this request needs is unavailable; try again later',
  },
  // The three below are answered for Node's HTTP parser, before any route or middleware runs.
  bad_request: { status: 400, title: 'Bad request', detail: 'the request could not be parsed as HTTP' },
  headers_too_large: {
    status: 431,
    title: 'Request header fields too large',
    detail: 'the request headers are too large',
  },
  header_timeout: {
    status: 408,
    title: 'Request header timeout',
    detail: 'the request headers did not arrive in time',
  },
  internal_error: { status: 500, title: 'Internal server error', detail: 'an unexpected error occurred' },
};

export type StatusOverrides = Partial<Record<ProblemCode, number>>;

export interface ProblemOptions {
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly status?: number;
}

/**
 * An expected HTTP-level failure, thrown from anywhere in a request and rendered by the error
 * middleware. Its message is the client-facing detail, so it never carries exception text.
 */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  readonly status: number;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ProblemCode,
    options: ProblemOptions = {},
  ) {
    super(options.detail ?? PROBLEMS[code].detail);
    this.status = options.status ?? PROBLEMS[code].status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly instance: string;
  readonly request_id: string;
  readonly errors?: readonly FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Where a problem type is explained: the docs page has one anchor per code. */
export function problemType(code: ProblemCode): string {
  return `/api/v1/docs#problem-${code}`;
}

export function problemDocument(
  problem: HttpProblem,
  request: { readonly path: string; readonly requestId: string },
): ProblemDocument {
  return {
    type: problemType(problem.code),
    title: PROBLEMS[problem.code].title,
    status: problem.status,
    detail: problem.message,
    code: problem.code,
    instance: request.path,
    request_id: request.requestId,
    ...(problem.errors === undefined ? {} : { errors: problem.errors }),
  };
}
