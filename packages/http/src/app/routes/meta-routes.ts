import { docsPage, DOCS_STYLESHEET } from '../openapi/docs-page.js';
import { openApiDocument } from '../openapi/document.js';
import { HealthResponse, LivenessResponse, OpenApiDocumentResponse } from '../schemas.js';
import { defineRoute, type Route } from '../route.js';

/** Liveness answers from the process alone; readiness asks the database. */
export function healthRoutes({ ping }: { readonly ping: () => Promise<boolean> }): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/healthz',
      operationId: 'liveness',
      summary: 'The process is up; touches no database',
      tag: 'health',
      auth: 'none',
      responses: { 200: { description: '`{"status":"ok"}`', schema: LivenessResponse } },
      handle: () => Promise.resolve({ status: 200, body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/health',
      operationId: 'health',
      summary: 'The process and its database',
      tag: 'health',
      auth: 'none',
      responses: {
        200: { description: 'Database reachable', schema: HealthResponse },
        503: { description: 'Database unreachable (no error text)', schema: HealthResponse },
      },
      async handle() {
        let up: boolean;
        try {
          up = await ping();
        } catch {
          up = false;
        }
        return up
          ? { status: 200, body: { status: 'ok', db: 'ok' } }
          : { status: 503, body: { status: 'degraded', db: 'unavailable' } };
      },
    }),
  ];
}

/** The OpenAPI document and the docs page, both of `routes` and of themselves. */
export function docsRoutes(apiRoutes: readonly Route[], options: { readonly version: string }): Route[] {
  const own: Route[] = [
    defineRoute({
      method: 'GET',
      path: '/api/v1/openapi.json',
      operationId: 'openapi',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'docs',
      auth: 'none',
      responses: { 200: { description: 'The document', schema: OpenApiDocumentResponse } },
      cacheControl: 'no-cache',
      handle: () => Promise.resolve({ status: 200, body: document }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/docs',
      operationId: 'docs',
      summary: 'This API as a page for people',
      tag: 'docs',
      auth: 'none',
      responses: { 200: { description: 'HTML', contentType: 'text/html' } },
      cacheControl: 'no-cache',
      handle: () => Promise.resolve({ status: 200, body: page, type: 'text/html; charset=utf-8' }),
    }),
  ];
  const stylesheet = defineRoute({
    method: 'GET',
    path: '/api/v1/docs/docs.css',
    operationId: 'docsStylesheet',
    summary: 'The docs page stylesheet',
    tag: 'docs',
    auth: 'none',
    responses: { 200: { description: 'CSS' } },
    cacheControl: 'public, max-age=3600',
    handle: () => Promise.resolve({ status: 200, body: DOCS_STYLESHEET, type: 'text/css; charset=utf-8' }),
  });
  const documented = [...apiRoutes, ...own];
  const document = openApiDocument(documented, options);
  const schemas = (document['components'] as { schemas: Record<string, unknown> }).schemas;
  const page = docsPage(documented, schemas);
  return [...own, stylesheet];
}
