import { z } from 'zod';
import { BODY_LIMIT_BYTES } from '../body.js';
import { PROBLEM_CONTENT_TYPE, PROBLEMS, type ProblemCode } from '../problem.js';
import type { ResponseDoc, Route } from '../route.js';
import { requestSchemas, responseSchemas } from '../schemas.js';

type Json = Readonly<Record<string, unknown>>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Component schemas from a registry, without the per-schema `$schema`/`$id` OpenAPI does not want. */
function components(registry: typeof requestSchemas, io: 'input' | 'output'): Record<string, Json> {
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [
      id,
      Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema' && key !== '$id')),
    ]),
  );
}

function schemaRef(schema: z.ZodType): Json {
  const id = requestSchemas.get(schema)?.id ?? responseSchemas.get(schema)?.id;
  if (id === undefined) throw new Error('every schema in the route table must be registered');
  return ref(id);
}

/** The problem codes a route can answer with: its own, plus those its auth, body and limits add. */
export function routeProblemCodes(route: Route): ProblemCode[] {
  const codes = new Set<ProblemCode>(route.failures ?? []);
  if (route.auth === 'access' || route.auth === 'admin') codes.add('unauthorized');
  if (route.auth === 'admin') codes.add('forbidden');
  if (route.body !== undefined) {
    for (const code of [
      'invalid_json',
      'unsupported_media_type',
      'payload_too_large',
      'validation_failed',
    ] as const) {
      codes.add(code);
    }
  }
  if (route.rateLimit !== undefined) codes.add('rate_limited');
  codes.add('request_timeout');
  // Everything but the health and docs routes reaches the database.
  if (route.tag !== 'health' && route.tag !== 'docs') codes.add('service_unavailable');
  codes.add('internal_error');
  return [...codes];
}

function problemResponses(route: Route): Record<string, Json> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of routeProblemCodes(route)) {
    const status = route.statusOverrides?.[code] ?? PROBLEMS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      {
        description: codes.map((code) => `\`${code}\``).join(', '),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: ref('Problem') } },
      },
    ]),
  );
}

/** A response's body: a registered schema, or for a text page (HTML) a string; none for a 204. */
function content(doc: ResponseDoc): Json {
  if (doc.schema !== undefined) {
    return { content: { [doc.contentType ?? 'application/json']: { schema: schemaRef(doc.schema) } } };
  }
  if (doc.contentType?.startsWith('text/') === true) {
    return { content: { [doc.contentType]: { schema: { type: 'string' } } } };
  }
  return {};
}

function operation(route: Route): Json {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
  const queryParams = (route.query ?? []).map((q) => ({
    name: q.name,
    in: 'query',
    required: false,
    description: q.description,
    schema: q.schema,
  }));
  const success = Object.fromEntries(
    Object.entries(route.responses).map(([status, doc]) => [
      status,
      {
        description: doc.description,
        ...content(doc),
      },
    ]),
  );
  // A refresh token may also come in the body, so the header is one option of two. A public
  // operation says so with `security: []`: without it, tools cannot tell public from forgotten.
  const security = {
    none: [],
    refresh: [{ refreshToken: [] }, {}],
    access: [{ accessToken: [] }],
    admin: [{ accessToken: [] }],
  }[route.auth];
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [route.tag],
    security,
    ...(pathParams.length + queryParams.length === 0 ? {} : { parameters: [...pathParams, ...queryParams] }),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: route.body.required,
            description: `A JSON object of at most ${BODY_LIMIT_BYTES} bytes`,
            content: { 'application/json': { schema: schemaRef(route.body.schema) } },
          },
        }),
    // A route's own answer for a status (the health check's 503) wins over the generic problem.
    responses: { ...problemResponses(route), ...success },
  };
}

/** The OpenAPI 3.1 document of `routes`, generated from the zod schemas the routes validate with. */
export function openApiDocument(routes: readonly Route[], options: { readonly version: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Codex Auth',
      version: options.version,
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Registration with admin approval, login with rotating refresh tokens, sessions, password ' +
        'resets and user administration. Errors are RFC 9457 problem documents.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'health', description: 'Liveness and readiness' },
      { name: 'auth', description: 'Accounts, tokens and sessions' },
      { name: 'users', description: 'Administration (admin role)' },
      { name: 'docs', description: 'This document' },
    ],
    paths,
    components: {
      schemas: { ...components(requestSchemas, 'input'), ...components(responseSchemas, 'output') },
      securitySchemes: {
        accessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token' },
        refreshToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A refresh token (or `refresh_token` in the body)',
        },
      },
    },
  };
}
