import { expect } from 'chai';
import { TOKENS, type TokenService } from '@codex-auth/domain';
import { expectClientProblem, expectProblem } from './support/problems.js';
import { PASSWORD, World, uniqueEmail, type Answer } from './support/world.js';

const LIMIT = 64 * 1024;

describe('bad input: always a 4xx problem document, never a 500, nothing written', function () {
  this.timeout(60_000);
  let world: World;
  let user: Awaited<ReturnType<World['approvedUser']>>;
  let admin: Awaited<ReturnType<World['approvedUser']>>;
  let usersBefore: number;

  async function userCount(): Promise<number> {
    const list = await world.application.useCases.listUsers.execute({});
    if (!list.ok) throw new Error('list failed');
    return list.value.meta.total;
  }

  before(async () => {
    world = await World.start();
    user = await world.approvedUser();
    admin = await world.approvedUser('admin');
    usersBefore = await userCount();
  });
  after(async () => {
    if (world === undefined) return;
    const lines = await world.settledLines();
    const errors = lines.filter((l) => l['event'] === 'http_request' && Number(l['status']) >= 500);
    expect(errors, JSON.stringify(errors)).to.deep.equal([]);
    expect(lines.filter((l) => l['level'] === 'error')).to.deep.equal([]);
    await world.assertNoSecretsLogged();
    await world.stop();
  });

  // Every route that reads a body, with the token it needs to get as far as reading it.
  const bodyRoutes = () => [
    { method: 'POST', path: '/api/v1/auth/register' },
    { method: 'POST', path: '/api/v1/auth/login' },
    { method: 'POST', path: '/api/v1/auth/forgot-password' },
    { method: 'POST', path: '/api/v1/auth/reset-password' },
    { method: 'POST', path: '/api/v1/auth/change-password', token: user.tokens.access },
    { method: 'POST', path: '/api/v1/users', token: admin.tokens.access },
    { method: 'PATCH', path: `/api/v1/users/${user.id}`, token: admin.tokens.access },
    { method: 'POST', path: '/api/v1/auth/refresh' },
    { method: 'POST', path: '/api/v1/auth/logout' },
  ];

  async function everyRoute(
    send: (route: { method: string; path: string; token?: string }) => Promise<Answer>,
    check: (answer: Answer, route: { path: string }) => void,
  ): Promise<void> {
    for (const route of bodyRoutes()) check(await send(route), route);
  }

  const raw =
    (body: string | Uint8Array, contentType = 'application/json') =>
    (route: { method: string; path: string; token?: string }) =>
      world.request(route.method, route.path, {
        body,
        headers: { 'Content-Type': contentType },
        ...(route.token === undefined ? {} : { token: route.token }),
      });

  it('malformed JSON is 400 invalid_json', async () => {
    for (const body of ['{"email":', '{email: "a"}', "{'a':1}", '{"a":1}}', 'nul', '\u00ef\u00bb\u00bf{}']) {
      await everyRoute(raw(body), (answer) => expectProblem(answer, 400, 'invalid_json'));
    }
  });

  it('JSON that is not an object is 400 invalid_json', async () => {
    for (const body of ['[]', '[{"email":"a@b.c"}]', '"text"', '42', 'null', 'true']) {
      await everyRoute(raw(body), (answer) => expectProblem(answer, 400, 'invalid_json'));
    }
  });

  it('a body that is not UTF-8 is 400 invalid_json', async () => {
    await everyRoute(raw(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), (answer) =>
      expectProblem(answer, 400, 'invalid_json'),
    );
  });

  it('a wrong Content-Type on a body is 415 unsupported_media_type', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/jsonp',
      'application/xml',
    ]) {
      await everyRoute(raw('{"email":"a@example.com","password":"x"}', type), (answer) =>
        expectProblem(answer, 415, 'unsupported_media_type'),
      );
    }
    const accepted = await world.request('POST', '/api/v1/auth/login', {
      body: JSON.stringify({ email: user.email, password: 'wrong password' }),
      headers: { 'Content-Type': 'Application/JSON; Charset="UTF-8"' },
    });
    expectProblem(accepted, 401, 'invalid_credentials');
  });

  it('a compressed body is 415', async () => {
    const answer = await world.request('POST', '/api/v1/auth/login', {
      body: '{}',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    });
    expectProblem(answer, 415, 'unsupported_media_type');
  });

  it('a body over 64 KiB is 413 payload_too_large, however it is framed', async () => {
    const big = JSON.stringify({ email: 'a'.repeat(LIMIT), password: PASSWORD });
    await everyRoute(raw(big), (answer) => expectProblem(answer, 413, 'payload_too_large'));
    // Streamed with no Content-Length: refused while reading.
    const chunked = await fetch(`${world.client.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).to.equal(413);
    expect(((await chunked.json()) as { code: string }).code).to.equal('payload_too_large');
    // Exactly at the limit is read (and judged on its content).
    const atLimit = JSON.stringify({ email: 'x', password: 'p'.repeat(LIMIT - 27) });
    expect(Buffer.byteLength(atLimit)).to.equal(LIMIT);
    expectProblem(
      await raw(atLimit)({ method: 'POST', path: '/api/v1/auth/login' }),
      401,
      'invalid_credentials',
    );
  });

  it('no body where one is required is 400 invalid_json; where it is optional, the token decides', async () => {
    for (const route of bodyRoutes()) {
      const answers = [
        await world.request(
          route.method,
          route.path,
          route.token === undefined ? {} : { token: route.token },
        ),
        await raw('')(route),
      ];
      for (const answer of answers) {
        if (route.path.endsWith('/refresh')) expectProblem(answer, 401, 'refresh_required');
        else if (route.path.endsWith('/logout')) expectProblem(answer, 400, 'refresh_required');
        else expectProblem(answer, 400, 'invalid_json');
      }
    }
  });

  it('fields of the wrong type are 400 validation_failed with errors per field', async () => {
    const bodies = [
      {
        email: 1,
        password: 2,
        token: 3,
        current_password: 4,
        new_password: 5,
        refresh_token: 6,
        role: 7,
        status: 8,
      },
      {
        email: null,
        password: null,
        token: null,
        current_password: null,
        new_password: null,
        refresh_token: null,
        role: null,
        status: null,
      },
      {
        email: ['a'],
        password: { x: 1 },
        token: true,
        current_password: [],
        new_password: {},
        refresh_token: [],
        role: [],
        status: {},
      },
    ];
    for (const body of bodies) {
      await everyRoute(raw(JSON.stringify(body)), (answer) => {
        expectProblem(answer, 400, 'validation_failed');
        expect(answer.body.errors).to.be.an('array').that.is.not.empty;
        for (const error of answer.body.errors) expect(error).to.have.all.keys('field', 'message');
      });
    }
  });

  it('unicode, control characters and 10 kB emails are answered, never a 500', async () => {
    const emails = [
      'ünïcødé@exämple.com',
      '用户@例子.广告',
      '😀@example.com',
      'nul\u0000byte@example.com',
      'bell\u0007@example.com',
      'rtl\u202e@example.com',
      'lone\ud800surrogate@example.com',
      `${'a'.repeat(10_000)}@example.com`,
      `a@${'b'.repeat(10_000)}.com`,
      ' ',
    ];
    for (const email of emails) {
      expectClientProblem(
        await world.request('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } }),
      );
      const forgot = await world.request('POST', '/api/v1/auth/forgot-password', { json: { email } });
      expect([202, 400], forgot.text).to.include(forgot.status);
      // A weak password keeps valid emails from registering: this test writes nothing.
      const register = await world.request('POST', '/api/v1/auth/register', {
        json: { email, password: 'short' },
      });
      expectProblem(register, 400, 'validation_failed');
    }
    const unicodePassword = 'pässwörd ✓ 密码 😀😀😀';
    world.secrets.add(unicodePassword);
    const email = uniqueEmail('unicode').replace('unicode', 'ünïcødé');
    const registered = await world.request('POST', '/api/v1/auth/register', {
      json: { email, password: unicodePassword },
    });
    expect(registered.status, registered.text).to.equal(201);
    expect(registered.body.user.email).to.equal(email);
    await world.application.useCases.approveUser.execute({ id: registered.body.user.id });
    await world.login(email.toUpperCase(), unicodePassword);
    usersBefore += 1;
  });

  describe('tokens', () => {
    function part(token: string, index: number): Record<string, unknown> {
      return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
    }
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    async function badTokens(): Promise<Record<string, string>> {
      const { access, refresh } = user.tokens;
      const [header, payload, signature] = access.split('.') as [string, string, string];
      const claims = part(access, 1);
      const service = world.application.container.get<TokenService>(TOKENS.TokenService);
      const past = new Date(Date.now() - 3600_000);
      const expired = await service.signAccess({
        userId: String(claims['sub']),
        sessionId: String(claims['sid']),
        role: 'admin',
        email: String(claims['email']),
        jti: '00000000-0000-4000-8000-000000000001',
        issuedAt: new Date(past.getTime() - 60_000),
        expiresAt: past,
      });
      const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
      return {
        tamperedSignature: `${header}.${payload}.${flipped}`,
        tamperedPayload: `${header}.${encode({ ...claims, role: 'admin', sub: admin.id })}.${signature}`,
        algNone: `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, role: 'admin' })}.`,
        algNoneUnsigned: `${encode({ alg: 'none', typ: 'JWT' })}.${payload}`,
        algHs512: `${encode({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`,
        expired,
        refreshAsAccess: refresh,
        empty: '',
        garbage: '%%%.***.$$$',
        huge: 'a'.repeat(8000),
      };
    }

    it('tampered, alg none, expired and refresh-as-access tokens are 401 on access routes', async () => {
      for (const [name, token] of Object.entries(await badTokens())) {
        world.secrets.add(token);
        for (const path of ['/api/v1/auth/me', '/api/v1/users']) {
          const answer = await world.request('GET', path, { headers: { Authorization: `Bearer ${token}` } });
          expect(answer.status, `${name} on ${path}`).to.equal(401);
          expectProblem(answer, 401, 'unauthorized', 'unauthorized');
        }
      }
      expect((await world.request('GET', '/api/v1/auth/me', { token: user.tokens.access })).status).to.equal(
        200,
      );
    });

    it('an access token, tampered or alg none token is 401 invalid_refresh on /refresh and /logout', async () => {
      const tokens = await badTokens();
      for (const name of [
        'tamperedSignature',
        'tamperedPayload',
        'algNone',
        'algNoneUnsigned',
        'expired',
        'garbage',
        'huge',
      ] as const) {
        for (const path of ['/api/v1/auth/refresh', '/api/v1/auth/logout']) {
          const answer = await world.request('POST', path, { json: { refresh_token: tokens[name] } });
          expectProblem(answer, 401, 'invalid_refresh', 'invalid refresh');
        }
      }
      const accessAsRefresh = await world.request('POST', '/api/v1/auth/refresh', {
        token: user.tokens.access,
      });
      expectProblem(accessAsRefresh, 401, 'invalid_refresh');
      const refreshed = await world.request('POST', '/api/v1/auth/refresh', { token: user.tokens.refresh });
      expect(refreshed.status).to.equal(200);
      user = {
        ...user,
        tokens: world.remember({
          access: refreshed.body.access_token,
          refresh: refreshed.body.refresh_token,
        }),
      };
    });
  });

  it('wrote nothing: no user was created by any of it', async () => {
    expect(await userCount()).to.equal(usersBefore);
  });
});
