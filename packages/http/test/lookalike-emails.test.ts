import { expect } from 'chai';
import { loadConfig } from '@codex-auth/composition';
import { expectProblem } from './support/problems.js';
import type { World } from './support/world.js';
import { PASSWORD, type Answer } from './support/world.js';
import { useWorld } from './support/use-world.js';

// Issue 8: addresses that look like an existing account's must not become second accounts.
const EXISTING = 'mallory@example.com';
const INVISIBLE = [
  'mallory\u200b@example.com', // zero-width space
  'mal\u200dlory@example.com', // zero-width joiner
  'mal\u202elory@example.com', // right-to-left override
  'mallory\ufe0f@example.com', // variation selector
  'mallory@exa\u200cmple.com', // zero-width non-joiner in the domain
];
const CONFUSABLE = [
  'm\u0430llory@example.com', // Cyrillic а
  'mall\u043ery@example.com', // Cyrillic о
  'mallory@\u0435xample.com', // Cyrillic е in the domain
  '\uff4d\uff41\uff4c\uff4c\uff4f\uff52\uff59@example.com', // fullwidth
  'MALLORY@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com', // fullwidth domain: the same address
];

/** What a client can tell apart in two answers: all but the per-request fields. */
function visible(answer: Answer) {
  const rest: Record<string, unknown> = { ...answer.body };
  delete rest['request_id'];
  delete rest['instance'];
  return { status: answer.status, ...rest };
}

describe('lookalike emails (issue 8)', function () {
  this.timeout(120_000);
  let world: World;
  let adminToken: string;

  useWorld((w) => (world = w), {
    // The shipped per-account attempt limit (the use cases count it), for the last test.
    env: { LOGIN_EMAIL_RATE_LIMIT: '10/15minutes' },
    setUp: async () => {
      adminToken = (await world.approvedUser('admin')).tokens.access;
      const existing = await world.application.useCases.registerUser.execute({
        email: EXISTING,
        password: PASSWORD,
      });
      if (!existing.ok) throw new Error(existing.code);
    },
  });

  const register = (email: string) =>
    world.request('POST', '/api/v1/auth/register', { json: { email, password: PASSWORD } });
  const adminCreate = (email: string) =>
    world.request('POST', '/api/v1/users', { json: { email, password: PASSWORD }, token: adminToken });
  const total = async () =>
    (await world.request('GET', '/api/v1/users', { token: adminToken })).body.meta.total as number;

  for (const [route, create] of [
    ['POST /auth/register', register],
    ['POST /users', adminCreate],
  ] as const) {
    describe(route, () => {
      it('refuses invisible and control characters: 400 validation_failed on email', async () => {
        const before = await total();
        for (const email of INVISIBLE) {
          const answer = await create(email);
          expectProblem(answer, 400, 'validation_failed');
          expect(answer.body.errors, JSON.stringify(email)).to.deep.equal([
            { field: 'email', message: 'must not contain invisible or control characters' },
          ]);
        }
        expect(await total()).to.equal(before);
      });

      it('answers a lookalike exactly as the duplicate it looks like: 409 email_taken on email', async () => {
        const before = await total();
        const duplicate = await create(EXISTING.toUpperCase());
        expectProblem(duplicate, 409, 'email_taken');
        expect(duplicate.body.errors).to.deep.equal([
          { field: 'email', message: 'is already registered, or looks like an address that is' },
        ]);
        for (const email of CONFUSABLE) {
          expect(visible(await create(email)), JSON.stringify(email)).to.deep.equal(visible(duplicate));
        }
        expect(await total()).to.equal(before);
      });
    });
  }

  it('takes the two Unicode forms of one name as one account', async () => {
    expect((await adminCreate('jos\u00e9@example.com')).status).to.equal(201);
    expectProblem(await register('jose\u0301@example.com'), 409, 'email_taken');
    await world.login('JOSE\u0301@example.com');
  });

  it('takes bücher and xn--bcher-kva as one mailbox, stored in ASCII; login takes either', async () => {
    const created = await adminCreate('ada@b\u00fccher.example');
    expect(created.status, created.text).to.equal(201);
    expect(created.body.user.email).to.equal('ada@xn--bcher-kva.example');
    expectProblem(await register('ada@xn--bcher-kva.example'), 409, 'email_taken');
    expectProblem(await adminCreate('ADA@XN--BCHER-KVA.example'), 409, 'email_taken');
    await world.login('ada@b\u00fccher.example');
    await world.login('ada@xn--bcher-kva.example');
  });

  it('seed-admin refuses a lookalike too, rather than making a second admin', async () => {
    const seed = world.application.useCases.seedAdmin;
    const before = await total();
    const lookalike = await seed.execute({ email: 'm\u0430llory@example.com', password: PASSWORD });
    expect(lookalike.ok).to.equal(false);
    if (!lookalike.ok) expect(lookalike.code).to.equal('email_taken');
    const invisible = await seed.execute({ email: 'mallory\u200b@example.com', password: PASSWORD });
    expect(invisible.ok ? 'ok' : invisible.code).to.equal('validation_failed');
    expect(await total()).to.equal(before);
  });

  it('still registers addresses that merely share letters', async () => {
    expect((await register('mallory2@example.com')).status).to.equal(201);
    expect((await register('mallory@example.org')).status).to.equal(201);
  });

  it('counts failed logins once per account, however its address is typed', async () => {
    const max = loadConfig({}).rateLimits.loginPerEmail[0]!.max;
    expect(world.config.rateLimits.loginPerEmail[0]?.max).to.equal(max);
    const client = world.client;
    expect((await adminCreate('ida@b\u00fccher.example')).status).to.equal(201);
    const forms = [
      'ida@b\u00fccher.example',
      'ida@xn--bcher-kva.example',
      'IDA@\uff42\u00fc\uff43\uff48\uff45\uff52.example', // fullwidth domain
      'ida@bu\u0308cher.example', // decomposed ü
    ];
    const login = (email: string, password: string) =>
      client.request('POST', '/api/v1/auth/login', { json: { email, password } });
    for (let i = 0; i < max; i += 1)
      expectProblem(await login(forms[i % forms.length]!, 'a wrong password 7'), 401, 'invalid_credentials');
    for (const email of forms) expectProblem(await login(email, PASSWORD), 429, 'rate_limited');
  });
});
