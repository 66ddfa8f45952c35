import { expect } from 'chai';
import type { UseCases } from '@codex-auth/domain';
import { expectProblem } from './support/problems.js';
import type { World } from './support/world.js';
import { uniqueEmail, PASSWORD } from './support/world.js';
import { useWorld } from './support/use-world.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HTTP basics: health, routing, request ids, headers, CORS, documents', function () {
  this.timeout(60_000);
  let world: World;

  useWorld((w) => (world = w));

  describe('health', () => {
    it('GET /healthz answers {"status":"ok"} without asking the database', async () => {
      const client = await world.serve({ ping: () => Promise.reject(new Error('must not be called')) });
      const answer = await client.request('GET', '/healthz');
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({ status: 'ok' });
    });

    it('GET /api/v1/health is 200 ok/ok with a database', async () => {
      const answer = await world.request('GET', '/api/v1/health');
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({ status: 'ok', db: 'ok' });
    });

    it('GET /api/v1/health is 503 degraded/unavailable without one, with no error text', async () => {
      for (const ping of [
        () => Promise.resolve(false),
        () => Promise.reject(new Error('ECONNREFUSED 10.0.0.1')),
      ]) {
        const client = await world.serve({ ping });
        const answer = await client.request('GET', '/api/v1/health');
        expect(answer.status).to.equal(503);
        expect(answer.body).to.deep.equal({ status: 'degraded', db: 'unavailable' });
      }
    });
  });

  describe('routing', () => {
    it('an unknown path is 404 not_found', async () => {
      expectProblem(await world.request('GET', '/nope'), 404, 'not_found');
      const answer = await world.request('POST', '/api/v1/auth/nope?x=1', { json: {} });
      expectProblem(answer, 404, 'not_found');
      expect(answer.body.instance).to.equal('/api/v1/auth/nope');
    });

    it('a known path with another method is 405 method_not_allowed with Allow', async () => {
      const login = await world.request('GET', '/api/v1/auth/login');
      expectProblem(login, 405, 'method_not_allowed');
      expect(login.headers.get('allow')).to.equal('POST, OPTIONS');
      const user = await world.request('PUT', '/api/v1/users/00000000-0000-4000-8000-000000000000');
      expectProblem(user, 405, 'method_not_allowed');
      expect(user.headers.get('allow')!.split(', ').sort()).to.deep.equal([
        'GET',
        'HEAD',
        'OPTIONS',
        'PATCH',
      ]);
    });

    it('OPTIONS on a known path answers 204 with Allow', async () => {
      const answer = await world.request('OPTIONS', '/api/v1/auth/sessions');
      expect(answer.status).to.equal(204);
      expect(answer.headers.get('allow')).to.equal('HEAD, GET, OPTIONS');
    });
  });

  describe('request ids', () => {
    it('echoes a valid X-Request-ID and tags the request’s log lines with it', async () => {
      const user = await world.approvedUser();
      const id = 'client-trace_01.a:b';
      const answer = await world.request('POST', '/api/v1/auth/login', {
        json: { email: user.email, password: PASSWORD },
        headers: { 'X-Request-ID': id },
      });
      expect(answer.status).to.equal(200);
      world.remember({ access: answer.body.access_token, refresh: answer.body.refresh_token });
      expect(answer.headers.get('x-request-id')).to.equal(id);
      const lines = (await world.settledLines()).filter((l) => l['request_id'] === id);
      expect(lines.map((l) => l['event'])).to.deep.equal(['login_ok', 'http_request']);
      expect(lines.every((l) => l['ip'] === '127.0.0.1')).to.equal(true);
    });

    it('replaces an invalid, too long or missing one with a UUID', async () => {
      for (const header of ['has space', 'semi;colon', 'x'.repeat(129), 'é', '']) {
        const answer = await world.request(
          'GET',
          '/healthz',
          header === '' ? {} : { headers: { 'X-Request-ID': header } },
        );
        expect(answer.headers.get('x-request-id')).to.match(UUID);
      }
      const longest = 'a'.repeat(128);
      const answer = await world.request('GET', '/nope', { headers: { 'X-Request-ID': longest } });
      expect(answer.headers.get('x-request-id')).to.equal(longest);
      expect(answer.body.request_id).to.equal(longest);
    });
  });

  describe('security headers', () => {
    it('are on every answer, errors included; no HSTS outside production', async () => {
      for (const answer of [
        await world.request('GET', '/healthz'),
        await world.request('GET', '/nope'),
        await world.request('POST', '/api/v1/auth/login', {
          body: 'nope',
          headers: { 'Content-Type': 'text/plain' },
        }),
      ]) {
        const csp = answer.headers.get('content-security-policy')!;
        expect(csp).to.include("default-src 'self'").and.not.include('unsafe-inline');
        expect(answer.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(answer.headers.get('x-frame-options')).to.equal('DENY');
        expect(answer.headers.get('referrer-policy')).to.equal('no-referrer');
        expect(answer.headers.has('x-powered-by')).to.equal(false);
        expect(answer.headers.has('strict-transport-security')).to.equal(false);
      }
    });

    it('add HSTS in production', async () => {
      const client = await world.serve({ config: { ...world.config, production: true } });
      const answer = await client.request('GET', '/healthz');
      expect(answer.headers.get('strict-transport-security')).to.match(/max-age=\d+/);
    });

    it('API answers are not stored by caches', async () => {
      const answer = await world.request('POST', '/api/v1/auth/login', {
        json: { email: 'x@example.com', password: 'y' },
      });
      expect(answer.headers.get('cache-control')).to.equal('no-store');
    });
  });

  describe('CORS', () => {
    const origin = 'https://app.example.com';

    it('answers a listed origin under /api/ only', async () => {
      const client = await world.serve({
        config: { ...world.config, http: { ...world.config.http, corsOrigins: [origin] } },
      });
      const allowed = await client.request('GET', '/api/v1/health', { headers: { Origin: origin } });
      expect(allowed.headers.get('access-control-allow-origin')).to.equal(origin);
      expect(allowed.headers.get('access-control-expose-headers')).to.include('X-Request-Id');
      const preflight = await client.request('OPTIONS', '/api/v1/auth/login', {
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(preflight.status).to.equal(204);
      expect(preflight.headers.get('access-control-allow-origin')).to.equal(origin);
      expect(preflight.headers.get('access-control-allow-methods')).to.include('POST');
      expect(preflight.headers.get('access-control-allow-headers')).to.include('Authorization');
      const outsideApi = await client.request('GET', '/healthz', { headers: { Origin: origin } });
      expect(outsideApi.headers.has('access-control-allow-origin')).to.equal(false);
    });

    it('gives no CORS headers to an unlisted origin, or to any by default', async () => {
      const client = await world.serve({
        config: { ...world.config, http: { ...world.config.http, corsOrigins: [origin] } },
      });
      for (const c of [client, world.client]) {
        const answer = await c.request('GET', '/api/v1/health', {
          headers: { Origin: 'https://evil.example.com' },
        });
        expect(answer.headers.has('access-control-allow-origin')).to.equal(false);
        const preflight = await c.request('OPTIONS', '/api/v1/auth/login', {
          headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'POST' },
        });
        expect(preflight.headers.has('access-control-allow-origin')).to.equal(false);
      }
    });
  });

  describe('client address', () => {
    async function sessionIp(
      client: Awaited<ReturnType<World['serve']>>,
      forwardedFor: string,
    ): Promise<string> {
      const user = await world.approvedUser();
      const login = await client.request('POST', '/api/v1/auth/login', {
        json: { email: user.email, password: PASSWORD },
        headers: { 'X-Forwarded-For': forwardedFor },
      });
      world.remember({ access: login.body.access_token, refresh: login.body.refresh_token });
      const sessions = await client.request('GET', '/api/v1/auth/sessions', {
        token: login.body.access_token,
      });
      return sessions.body.items[0].ip;
    }

    it('is the socket address, X-Forwarded-For ignored, by default', async () => {
      expect(await sessionIp(world.client, '203.0.113.9')).to.equal('127.0.0.1');
    });

    it('takes the trusted hops from the right of X-Forwarded-For when TRUST_PROXY is set', async () => {
      const config = (hops: number) => ({
        ...world.config,
        http: { ...world.config.http, trustProxyHops: hops },
      });
      const one = await world.serve({ config: config(1) });
      expect(await sessionIp(one, '203.0.113.9, 198.51.100.7')).to.equal('198.51.100.7');
      const two = await world.serve({ config: config(2) });
      expect(await sessionIp(two, '203.0.113.9, 198.51.100.7, 10.0.0.2')).to.equal('198.51.100.7');
      expect(await sessionIp(one, 'not-an-address')).to.equal('127.0.0.1');
    });
  });

  describe('failures of the server itself', () => {
    it('a thrown error is a generic 500 internal_error; the log has it, the answer does not', async () => {
      const failing = {
        ...world.application.useCases,
        registerUser: {
          execute: () => Promise.reject(new Error('duplicate key SELECT * FROM users secret_column')),
        },
      } as unknown as UseCases;
      const client = await world.serve({ useCases: failing });
      const answer = await client.request('POST', '/api/v1/auth/register', {
        json: { email: uniqueEmail(), password: PASSWORD },
      });
      expectProblem(answer, 500, 'internal_error', 'an unexpected error occurred');
      expect(answer.text).to.not.include('SELECT').and.not.include('secret_column').and.not.include('Error');
      const logged = (await world.settledLines()).find(
        (l) => l['event'] === 'internal_error' && l['request_id'] === answer.body.request_id,
      );
      expect(logged?.['error']).to.include('secret_column');
      expect(logged?.['level']).to.equal('error');
    });

    it('a request slower than REQUEST_TIMEOUT is 503 request_timeout', async () => {
      const slow = {
        ...world.application.useCases,
        listUsers: {
          execute: () =>
            new Promise((resolve) => setTimeout(resolve, 300, { ok: true, value: { items: [], meta: {} } })),
        },
      } as unknown as UseCases;
      const admin = await world.approvedUser('admin');
      const client = await world.serve({
        useCases: slow,
        config: { ...world.config, http: { ...world.config.http, requestTimeoutMs: 50 } },
      });
      const answer = await client.request('GET', '/api/v1/users', { token: admin.tokens.access });
      expectProblem(answer, 503, 'request_timeout');
      await new Promise((resolve) => setTimeout(resolve, 350));
    });
  });

  describe('documents', () => {
    it('GET /api/v1/openapi.json is an OpenAPI 3.1 document of every route, its bodies and problems', async () => {
      const answer = await world.request('GET', '/api/v1/openapi.json');
      expect(answer.status).to.equal(200);
      const doc = answer.body;
      expect(doc.openapi).to.equal('3.1.0');
      const expected = [
        'get /healthz',
        'get /api/v1/health',
        'post /api/v1/auth/register',
        'post /api/v1/auth/login',
        'get /api/v1/auth/me',
        'post /api/v1/auth/refresh',
        'post /api/v1/auth/logout',
        'post /api/v1/auth/logout_all',
        'get /api/v1/auth/sessions',
        'delete /api/v1/auth/sessions/{id}',
        'post /api/v1/auth/forgot-password',
        'post /api/v1/auth/reset-password',
        'post /api/v1/auth/change-password',
        'get /api/v1/users',
        'post /api/v1/users',
        'get /api/v1/users/{id}',
        'patch /api/v1/users/{id}',
        'patch /api/v1/users/{id}/approve',
        'patch /api/v1/users/{id}/reject',
        'get /api/v1/openapi.json',
        'get /api/v1/docs',
      ];
      const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`),
      );
      expect(listed.sort()).to.deep.equal(expected.sort());
      // Every reference resolves.
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
        (m) => m[1]!,
      );
      for (const ref of refs) expect(doc.components.schemas, ref).to.have.property(ref);
      const login = doc.paths['/api/v1/auth/login'].post;
      expect(login.requestBody.content['application/json'].schema.$ref).to.equal(
        '#/components/schemas/CredentialsRequest',
      );
      expect(login.responses).to.include.keys('200', '400', '401', '403', '413', '415', '429', '500');
      expect(doc.components.schemas.CredentialsRequest.required).to.deep.equal(['email', 'password']);
      expect(doc.components.schemas.Problem.properties.code.enum).to.include('invalid_credentials');
      expect(doc.components.schemas.User.properties).to.have.all.keys(
        'id',
        'email',
        'role',
        'status',
        'created_at',
        'approved_at',
      );
      expect(doc.paths['/api/v1/auth/logout'].post.responses['400'].description).to.include(
        'refresh_required',
      );
    });

    it('GET /api/v1/docs is a page that works under the CSP: no inline script or style', async () => {
      const answer = await world.request('GET', '/api/v1/docs');
      expect(answer.status).to.equal(200);
      expect(answer.headers.get('content-type')).to.match(/^text\/html/);
      expect(answer.text).to.include('/api/v1/auth/login').and.include('id="problem-rate_limited"');
      expect(answer.text).to.not.match(/<script|<style|\sstyle=|\son\w+=/i);
      const css = await world.request('GET', '/api/v1/docs/docs.css');
      expect(css.status).to.equal(200);
      expect(css.headers.get('content-type')).to.match(/^text\/css/);
    });
  });
});
