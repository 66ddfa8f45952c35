import type { Failure, Principal } from '@codex-auth/domain';
import type { z } from 'zod';
import type { AppContext } from './context.js';
import type { ProblemCode, StatusOverrides } from './problem.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
/** `refresh`: the route takes a refresh token (Bearer or body) and checks it itself. */
export type AuthKind = 'none' | 'refresh' | 'access' | 'admin';
/** The per-ip limits of `config.rateLimits` a route can name. */
export type RateLimitName = 'login' | 'register' | 'refresh' | 'forgotPassword';

/** A successful answer. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** Content type when the body is not JSON. */
  readonly type?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Handlers return domain failures as they are; the route's runner turns them into problems. */
export type Outcome = Reply | Failure;

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
  readonly contentType?: string;
}

export interface QueryParamDoc {
  readonly name: string;
  readonly description: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

export interface RouteRequest<B, A extends AuthKind> {
  readonly ctx: AppContext;
  readonly body: B;
  readonly principal: A extends 'access' | 'admin' ? Principal : null;
  readonly params: Readonly<Record<string, string>>;
  readonly bearer: string | null;
  readonly ip: string;
  readonly userAgent: string | null;
}

type BodyOf<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<S extends z.ZodType | undefined, A extends AuthKind> {
  readonly method: HttpMethod;
  /** OpenAPI form: `/api/v1/users/{id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** `dev`: a development-only page, never in the document (see `devRoutes`). */
  readonly tag: 'health' | 'auth' | 'users' | 'docs' | 'dev';
  readonly auth: A;
  /** The JSON object body the route reads; `required: false` lets it be absent. */
  readonly body?: { readonly schema: NonNullable<S>; readonly required: boolean };
  readonly query?: readonly QueryParamDoc[];
  readonly rateLimit?: RateLimitName;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /** The domain codes it can answer with (for the document: auth, body and rate-limit codes are added). */
  readonly failures?: readonly ProblemCode[];
  readonly statusOverrides?: StatusOverrides;
  /** Bypasses the default `Cache-Control: no-store`. */
  readonly cacheControl?: string;
  handle(request: RouteRequest<BodyOf<S>, A>): Promise<Outcome>;
}

/** A route with its types erased, as the router and the document generator see it. */
export interface Route extends Omit<RouteSpec<z.ZodType | undefined, AuthKind>, 'handle' | 'body'> {
  readonly body?: { readonly schema: z.ZodType; readonly required: boolean };
  handle(request: RouteRequest<unknown, AuthKind>): Promise<Outcome>;
}

/** Keeps each handler's body and principal precisely typed, then erases for the route table. */
export function defineRoute<A extends AuthKind, S extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<S, A>,
): Route {
  return spec as unknown as Route;
}

export function isFailure(outcome: Outcome): outcome is Failure {
  return 'ok' in outcome && outcome.ok === false;
}
