import { expect } from 'chai';
import { expectProblem } from './support/problems.js';
import type { World } from './support/world.js';
import { PASSWORD, uniqueEmail } from './support/world.js';
import { useWorld } from './support/use-world.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('user administration (/api/v1/users)', function () {
  this.timeout(60_000);
  let world: World;
  let admin: Awaited<ReturnType<World['approvedUser']>>;

  useWorld((w) => (world = w), {
    setUp: async () => {
      admin = await world.approvedUser('admin');
    },
  });

  const as = (token: string | undefined) => ({
    get: (path: string) => world.request('GET', `/api/v1/users${path}`, token === undefined ? {} : { token }),
    post: (path: string, json: unknown) =>
      world.request('POST', `/api/v1/users${path}`, { json, ...(token === undefined ? {} : { token }) }),
    patch: (path: string, json?: unknown) =>
      world.request('PATCH', `/api/v1/users${path}`, {
        ...(json === undefined ? {} : { json }),
        ...(token === undefined ? {} : { token }),
      }),
  });

  it('401 unauthorized "unauthorized" without a valid token, 403 forbidden "forbidden" for a non-admin, on every route', async () => {
    const user = await world.approvedUser();
    const calls = [
      (t?: string) => as(t).get(''),
      (t?: string) => as(t).get(`/${MISSING}`),
      (t?: string) => as(t).post('', { email: uniqueEmail(), password: PASSWORD }),
      (t?: string) => as(t).patch(`/${MISSING}/approve`),
      (t?: string) => as(t).patch(`/${MISSING}/reject`),
      (t?: string) => as(t).patch(`/${MISSING}`, { role: 'admin' }),
    ];
    for (const call of calls) {
      expectProblem(await call(), 401, 'unauthorized', 'unauthorized');
      expectProblem(await call('not.a.token'), 401, 'unauthorized', 'unauthorized');
      expectProblem(await call(user.tokens.access), 403, 'forbidden', 'forbidden');
    }
  });

  describe('GET /users', () => {
    const label = `list${Date.now().toString(36)}`;
    const emails: string[] = [];

    before(async () => {
      for (let i = 0; i < 12; i += 1) {
        const email = `${label}-${String(i).padStart(2, '0')}@example.com`;
        emails.push(email);
        const created = await world.application.useCases.registerUser.execute({ email, password: PASSWORD });
        if (!created.ok) throw new Error(created.code);
        if (i % 3 === 0) await world.application.useCases.approveUser.execute({ id: created.value.id });
      }
      await world.application.useCases.registerUser.execute({
        email: `${label}_under%score@example.com`,
        password: PASSWORD,
      });
    });

    it('pages by 10 by default in created order, with the seed meta', async () => {
      const answer = await as(admin.tokens.access).get(`?q=${label}-`);
      expect(answer.status).to.equal(200);
      expect(answer.body).to.have.all.keys('items', 'meta');
      expect(answer.body.meta).to.deep.equal({ page: 1, per_page: 10, pages: 2, total: 12 });
      expect(answer.body.items.map((u: { email: string }) => u.email)).to.deep.equal(emails.slice(0, 10));
      const page2 = await as(admin.tokens.access).get(`?q=${label}-&page=2`);
      expect(page2.body.items.map((u: { email: string }) => u.email)).to.deep.equal(emails.slice(10));
      const past = await as(admin.tokens.access).get(`?q=${label}-&page=9`);
      expect(past.body).to.deep.equal({ items: [], meta: { page: 9, per_page: 10, pages: 2, total: 12 } });
    });

    it('filters by status and q (case-insensitive, % and _ literal); bad values fall back', async () => {
      const approved = await as(admin.tokens.access).get(`?q=${label.toUpperCase()}&status=approved`);
      expect(approved.body.meta.total).to.equal(4);
      expect(approved.body.items.every((u: { status: string }) => u.status === 'approved')).to.equal(true);
      const ignored = await as(admin.tokens.access).get(`?q=${label}&status=bogus`);
      expect(ignored.body.meta.total).to.equal(13);
      const literal = await as(admin.tokens.access).get(`?q=${encodeURIComponent(`${label}_under%`)}`);
      expect(literal.body.meta.total).to.equal(1);
      const wildcard = await as(admin.tokens.access).get(`?q=${encodeURIComponent(`${label}%`)}`);
      expect(wildcard.body.meta.total).to.equal(0);
      const fallback = await as(admin.tokens.access).get(`?q=${label}&page=-1&per_page=abc`);
      expect(fallback.body.meta).to.include({ page: 1, per_page: 10 });
      const capped = await as(admin.tokens.access).get(`?q=${label}&per_page=1000`);
      expect(capped.body.meta.per_page).to.equal(100);
      const repeated = await as(admin.tokens.access).get(
        `?q=${label}&q=nothing-matches&per_page=3&per_page=5`,
      );
      expect(repeated.body.meta).to.include({ total: 13, per_page: 3 });
    });
  });

  describe('GET /users/:id', () => {
    it('200 {"user": User}; 404 not_found for an unknown or malformed id', async () => {
      const answer = await as(admin.tokens.access).get(`/${admin.id}`);
      expect(answer.status).to.equal(200);
      expect(answer.body.user).to.include({
        id: admin.id,
        email: admin.email,
        role: 'admin',
        status: 'approved',
      });
      expectProblem(await as(admin.tokens.access).get(`/${MISSING}`), 404, 'not_found');
      expectProblem(await as(admin.tokens.access).get('/not-a-uuid'), 404, 'not_found');
    });
  });

  describe('POST /users', () => {
    it('201 {"user": User} created approved, able to log in at once', async () => {
      const email = uniqueEmail('created');
      const answer = await as(admin.tokens.access).post('', { email, password: PASSWORD, role: 'admin' });
      expect(answer.status, answer.text).to.equal(201);
      expect(answer.body.user).to.include({ email, role: 'admin', status: 'approved' });
      expect(answer.body.user.approved_at).to.be.a('string');
      await world.login(email);
      const plain = await as(admin.tokens.access).post('', {
        email: uniqueEmail('plain'),
        password: PASSWORD,
      });
      expect(plain.body.user.role).to.equal('user');
    });

    it('400 validation_failed (bad email, weak password, unknown role), 409 email_taken', async () => {
      const bad = await as(admin.tokens.access).post('', { email: 'nope', password: 'short', role: 'root' });
      expectProblem(bad, 400, 'validation_failed');
      expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include('role');
      const weak = await as(admin.tokens.access).post('', { email: uniqueEmail(), password: 'short' });
      expectProblem(weak, 400, 'validation_failed');
      expect(weak.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['password']);
      expectProblem(
        await as(admin.tokens.access).post('', { email: admin.email.toUpperCase(), password: PASSWORD }),
        409,
        'email_taken',
      );
    });
  });

  describe('approve, reject, update', () => {
    async function pendingUser(): Promise<{ id: string; email: string }> {
      const email = uniqueEmail('pending');
      const created = await world.application.useCases.registerUser.execute({ email, password: PASSWORD });
      if (!created.ok) throw new Error(created.code);
      return { id: created.value.id, email };
    }

    it('PATCH /:id/approve: 200 {"user"}, idempotent (approved_at kept); 404 for unknown', async () => {
      const { id, email } = await pendingUser();
      const first = await as(admin.tokens.access).patch(`/${id}/approve`);
      expect(first.status).to.equal(200);
      expect(first.body.user).to.include({ id, status: 'approved' });
      const again = await as(admin.tokens.access).patch(`/${id}/approve`);
      expect(again.body.user.approved_at).to.equal(first.body.user.approved_at);
      await world.login(email);
      expectProblem(await as(admin.tokens.access).patch(`/${MISSING}/approve`), 404, 'not_found');
    });

    it('PATCH /:id/reject revokes the user’s sessions on the next request; 404 for unknown', async () => {
      const victim = await world.approvedUser();
      const answer = await as(admin.tokens.access).patch(`/${victim.id}/reject`);
      expect(answer.status).to.equal(200);
      expect(answer.body.user.status).to.equal('rejected');
      expectProblem(
        await world.request('GET', '/api/v1/auth/me', { token: victim.tokens.access }),
        401,
        'unauthorized',
      );
      expectProblem(
        await world.request('POST', '/api/v1/auth/refresh', { token: victim.tokens.refresh }),
        403,
        'account_rejected',
      );
      expectProblem(await as(admin.tokens.access).patch(`/${MISSING}/reject`), 404, 'not_found');
    });

    it('PATCH /:id status disabled revokes at once; approved restores login', async () => {
      const victim = await world.approvedUser();
      const disabled = await as(admin.tokens.access).patch(`/${victim.id}`, { status: 'disabled' });
      expect(disabled.status).to.equal(200);
      expect(disabled.body.user.status).to.equal('disabled');
      expectProblem(
        await world.request('GET', '/api/v1/auth/me', { token: victim.tokens.access }),
        401,
        'unauthorized',
      );
      expectProblem(
        await world.request('POST', '/api/v1/auth/login', {
          json: { email: victim.email, password: PASSWORD },
        }),
        403,
        'account_disabled',
      );
      await as(admin.tokens.access).patch(`/${victim.id}`, { status: 'approved' });
      await world.login(victim.email);
    });

    it('a demoted admin loses the admin routes on the very next request', async () => {
      const other = await world.approvedUser('admin');
      expect((await as(other.tokens.access).get('')).status).to.equal(200);
      const demoted = await as(admin.tokens.access).patch(`/${other.id}`, { role: 'user' });
      expect(demoted.body.user.role).to.equal('user');
      expectProblem(await as(other.tokens.access).get(''), 403, 'forbidden');
      const me = await world.request('GET', '/api/v1/auth/me', { token: other.tokens.access });
      expect(me.body.role).to.equal('user');
    });

    it('400 validation_failed for unknown role or status values; {} changes nothing; 404 for unknown', async () => {
      const { id } = await world.approvedUser();
      const bad = await as(admin.tokens.access).patch(`/${id}`, { role: 'root', status: 'rejected' });
      expectProblem(bad, 400, 'validation_failed');
      expect(bad.body.errors).to.deep.equal([
        { field: 'role', message: "must be 'admin' or 'user'" },
        { field: 'status', message: "must be 'approved' or 'disabled'" },
      ]);
      const same = await as(admin.tokens.access).patch(`/${id}`, {});
      expect(same.status).to.equal(200);
      expect(same.body.user).to.include({ id, role: 'user', status: 'approved' });
      expectProblem(await as(admin.tokens.access).patch(`/${MISSING}`, { role: 'admin' }), 404, 'not_found');
    });

    it('409 last_admin when a change would leave no approved admin', async () => {
      // Leave exactly one approved admin: demote every other one first.
      const admins = await world.application.useCases.listUsers.execute({ perPage: 100 });
      if (!admins.ok) throw new Error('list failed');
      for (const user of admins.value.items) {
        if (user.role === 'admin' && user.status === 'approved' && user.id !== admin.id) {
          await world.application.useCases.updateUser.execute({ id: user.id, role: 'user' });
        }
      }
      expectProblem(await as(admin.tokens.access).patch(`/${admin.id}`, { role: 'user' }), 409, 'last_admin');
      expectProblem(
        await as(admin.tokens.access).patch(`/${admin.id}`, { status: 'disabled' }),
        409,
        'last_admin',
      );
      expectProblem(await as(admin.tokens.access).patch(`/${admin.id}/reject`), 409, 'last_admin');
      expect((await as(admin.tokens.access).get(`/${admin.id}`)).body.user).to.include({
        role: 'admin',
        status: 'approved',
      });
    });
  });
});
