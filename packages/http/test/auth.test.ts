import { expect } from 'chai';
import { expectProblem } from './support/problems.js';
import type { World } from './support/world.js';
import { PASSWORD, uniqueEmail, useCasesWith, type Tokens } from './support/world.js';
import { useWorld } from './support/use-world.js';

const NEW_PASSWORD = 'a whole new password 42';

describe('auth routes (/api/v1/auth)', function () {
  this.timeout(60_000);
  let world: World;

  useWorld((w) => (world = w), {
    setUp: async () => {
      world.secrets.add(NEW_PASSWORD);
    },
  });

  const post = (path: string, json?: unknown, token?: string) =>
    world.request('POST', `/api/v1/auth${path}`, {
      ...(json === undefined ? {} : { json }),
      ...(token === undefined ? {} : { token }),
    });

  describe('POST /register', () => {
    it('creates a pending user: 201 {"user": User}', async () => {
      const email = uniqueEmail('reg');
      const answer = await post('/register', { email: `  ${email.toUpperCase()} `, password: PASSWORD });
      expect(answer.status, answer.text).to.equal(201);
      expect(answer.body).to.have.all.keys('user');
      const { user } = answer.body;
      expect(user).to.have.all.keys('id', 'email', 'role', 'status', 'created_at', 'approved_at');
      expect(user).to.include({ email, role: 'user', status: 'pending', approved_at: null });
      expect(new Date(user.created_at).toISOString()).to.equal(user.created_at);
      expect(answer.text).to.not.include('hash');
    });

    it('400 validation_failed for a bad email or a weak password, with errors per field', async () => {
      const badEmail = await post('/register', { email: 'not-an-email', password: PASSWORD });
      expectProblem(badEmail, 400, 'validation_failed');
      expect(badEmail.body.errors).to.deep.equal([
        { field: 'email', message: 'is not a valid email address' },
      ]);
      const short = await post('/register', { email: uniqueEmail(), password: 'short' });
      expectProblem(short, 400, 'validation_failed');
      expect(short.body.errors[0]).to.deep.include({ field: 'password' });
      expect(short.body.errors[0].message).to.include('12');
      const long = await post('/register', { email: uniqueEmail(), password: 'x'.repeat(1025) });
      expectProblem(long, 400, 'validation_failed');
      expect(long.body.errors[0].message).to.include('1024');
      const both = await post('/register', { email: '', password: '' });
      expect(both.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['email', 'password']);
    });

    it('409 email_taken, case-insensitively', async () => {
      const email = uniqueEmail('taken');
      expect((await post('/register', { email, password: PASSWORD })).status).to.equal(201);
      expectProblem(
        await post('/register', { email: email.toUpperCase(), password: PASSWORD }),
        409,
        'email_taken',
      );
    });

    it('403 registration_closed when REGISTRATION=closed', async () => {
      const client = await world.serve({
        useCases: useCasesWith(world.application, { registration: 'closed' }),
      });
      const answer = await client.request('POST', '/api/v1/auth/register', {
        json: { email: uniqueEmail(), password: PASSWORD },
      });
      expectProblem(answer, 403, 'registration_closed');
    });
  });

  describe('POST /login', () => {
    it('200 with the seed body and a working pair', async () => {
      const { email } = await world.approvedUser();
      const answer = await post('/login', { email: ` ${email.toUpperCase()}`, password: PASSWORD });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.have.all.keys('access_token', 'refresh_token', 'token_type', 'expires_in');
      expect(answer.body).to.include({ token_type: 'bearer', expires_in: 900 });
      world.remember({ access: answer.body.access_token, refresh: answer.body.refresh_token });
      const me = await world.request('GET', '/api/v1/auth/me', { token: answer.body.access_token });
      expect(me.status).to.equal(200);
    });

    it('401 invalid_credentials "invalid credentials" for an unknown email or a wrong password', async () => {
      const { email } = await world.approvedUser();
      world.secrets.add('wrong password 123');
      for (const json of [
        { email, password: 'wrong password 123' },
        { email: uniqueEmail('ghost'), password: PASSWORD },
        { email: 'not even an email', password: PASSWORD },
        { email: '', password: '' },
      ]) {
        expectProblem(await post('/login', json), 401, 'invalid_credentials', 'invalid credentials');
      }
    });

    it('403 account_pending "not approved", account_rejected, account_disabled: only after the password', async () => {
      const email = uniqueEmail('pending');
      const registered = await post('/register', { email, password: PASSWORD });
      expectProblem(
        await post('/login', { email, password: PASSWORD }),
        403,
        'account_pending',
        'not approved',
      );
      expectProblem(
        await post('/login', { email, password: 'wrong password 123' }),
        401,
        'invalid_credentials',
      );
      const id = registered.body.user.id as string;
      await world.application.useCases.rejectUser.execute({ id });
      expectProblem(await post('/login', { email, password: PASSWORD }), 403, 'account_rejected');
      await world.application.useCases.approveUser.execute({ id });
      await world.application.useCases.updateUser.execute({ id, status: 'disabled' });
      expectProblem(await post('/login', { email, password: PASSWORD }), 403, 'account_disabled');
    });

    it('400 validation_failed for missing or non-string fields', async () => {
      const missing = await post('/login', { email: 'a@example.com' });
      expectProblem(missing, 400, 'validation_failed');
      expect(missing.body.errors).to.deep.equal([{ field: 'password', message: 'is required' }]);
      const wrongType = await post('/login', { email: 42, password: ['x'] });
      expect(wrongType.body.errors).to.deep.equal([
        { field: 'email', message: 'must be a string' },
        { field: 'password', message: 'must be a string' },
      ]);
    });
  });

  describe('GET /me', () => {
    it('returns the User object at top level', async () => {
      const { id, email, tokens } = await world.approvedUser();
      const me = await world.request('GET', '/api/v1/auth/me', { token: tokens.access });
      expect(me.status).to.equal(200);
      expect(me.body).to.include({ id, email, role: 'user', status: 'approved' });
      expect(me.body).to.have.all.keys('id', 'email', 'role', 'status', 'created_at', 'approved_at');
    });

    it('401 unauthorized "unauthorized" without a valid access token', async () => {
      const headerSets: Record<string, string>[] = [
        {},
        { Authorization: 'Bearer' },
        { Authorization: 'Basic dXNlcjpwYXNz' },
        { Authorization: 'Bearer abc' },
      ];
      for (const headers of headerSets) {
        const answer = await world.request('GET', '/api/v1/auth/me', { headers });
        expectProblem(answer, 401, 'unauthorized', 'unauthorized');
        expect(answer.headers.get('www-authenticate')).to.equal('Bearer');
      }
    });
  });

  describe('POST /refresh', () => {
    it('rotates: the token from the header or the body is spent and a new pair issued in the same session', async () => {
      const { tokens } = await world.approvedUser();
      const viaHeader = await post('/refresh', undefined, tokens.refresh);
      expect(viaHeader.status, viaHeader.text).to.equal(200);
      expect(viaHeader.body).to.have.all.keys('access_token', 'refresh_token', 'token_type', 'expires_in');
      const next = world.remember({
        access: viaHeader.body.access_token,
        refresh: viaHeader.body.refresh_token,
      });
      expect(next.refresh).to.not.equal(tokens.refresh);
      const viaBody = await post('/refresh', { refresh_token: next.refresh });
      expect(viaBody.status).to.equal(200);
      world.remember({ access: viaBody.body.access_token, refresh: viaBody.body.refresh_token });
      const sessions = await world.request('GET', '/api/v1/auth/sessions', {
        token: viaBody.body.access_token,
      });
      expect(sessions.body.items).to.have.length(1);
    });

    it('401 refresh_required "refresh token required" without a token', async () => {
      expectProblem(await post('/refresh'), 401, 'refresh_required', 'refresh token required');
      expectProblem(await post('/refresh', {}), 401, 'refresh_required', 'refresh token required');
      expectProblem(await post('/refresh', { refresh_token: '' }), 401, 'refresh_required');
    });

    it('401 invalid_refresh "invalid refresh" for a malformed token or an access token', async () => {
      const { tokens } = await world.approvedUser();
      for (const token of ['garbage', tokens.access, `${tokens.refresh}x`]) {
        expectProblem(await post('/refresh', undefined, token), 401, 'invalid_refresh', 'invalid refresh');
      }
    });

    it('401 refresh_revoked "refresh revoked or expired" after logout', async () => {
      const { tokens } = await world.approvedUser();
      expect((await post('/logout', undefined, tokens.refresh)).status).to.equal(200);
      expectProblem(
        await post('/refresh', undefined, tokens.refresh),
        401,
        'refresh_revoked',
        'refresh revoked or expired',
      );
    });

    it('403 account_* when the user is no longer approved', async () => {
      const { id, tokens } = await world.approvedUser();
      await world.application.useCases.updateUser.execute({ id, status: 'disabled' });
      expectProblem(await post('/refresh', undefined, tokens.refresh), 403, 'account_disabled');
    });
  });

  describe('POST /logout', () => {
    it('200 {"detail":"logged out"}, ends the session at once, and is idempotent', async () => {
      const { tokens } = await world.approvedUser();
      const answer = await post('/logout', { refresh_token: tokens.refresh });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({ detail: 'logged out' });
      expectProblem(
        await world.request('GET', '/api/v1/auth/me', { token: tokens.access }),
        401,
        'unauthorized',
      );
      expect((await post('/logout', undefined, tokens.refresh)).body).to.deep.equal({ detail: 'logged out' });
    });

    it('400 refresh_required (seed) without a token, logged as logout_missing_token', async () => {
      const answer = await post('/logout');
      expectProblem(answer, 400, 'refresh_required', 'refresh token required');
      const lines = (await world.settledLines()).filter((l) => l['request_id'] === answer.body.request_id);
      expect(lines.map((l) => l['event'])).to.include('logout_missing_token');
    });

    it('401 invalid_refresh (seed) for a bad token', async () => {
      const answer = await post('/logout', { refresh_token: 'nope' });
      expectProblem(answer, 401, 'invalid_refresh', 'invalid refresh');
      const lines = (await world.settledLines()).filter((l) => l['request_id'] === answer.body.request_id);
      expect(lines.map((l) => l['event'])).to.include('logout_invalid_refresh');
    });
  });

  describe('POST /logout_all', () => {
    it('revokes every session of the user, the caller’s included, on the next request', async () => {
      const { email, tokens } = await world.approvedUser();
      const other = await world.login(email);
      const answer = await post('/logout_all', undefined, tokens.access);
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({ detail: 'all sessions revoked', revoked: 2 });
      for (const t of [tokens, other]) {
        expectProblem(
          await world.request('GET', '/api/v1/auth/me', { token: t.access }),
          401,
          'unauthorized',
        );
        expectProblem(await post('/refresh', undefined, t.refresh), 401, 'refresh_revoked');
      }
    });

    it('401 unauthorized without a token', async () => {
      expectProblem(await post('/logout_all'), 401, 'unauthorized');
    });
  });

  describe('sessions', () => {
    it('GET /sessions lists live sessions newest first, marking the current one', async () => {
      const { email, tokens: first } = await world.approvedUser();
      const second = await world.login(email, PASSWORD, { 'User-Agent': 'second-agent/2.0' });
      const answer = await world.request('GET', '/api/v1/auth/sessions', { token: first.access });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.have.all.keys('items');
      const items = answer.body.items as Record<string, unknown>[];
      expect(items).to.have.length(2);
      for (const item of items)
        expect(item).to.have.all.keys('id', 'created_at', 'last_used_at', 'user_agent', 'ip', 'current');
      expect(items[0]).to.include({ user_agent: 'second-agent/2.0', ip: '127.0.0.1', current: false });
      expect(items[1]).to.include({ current: true });
      expect(second.access).to.be.a('string');
    });

    it('DELETE /sessions/:id ends one own session: 204, then the token is dead', async () => {
      const { email, tokens } = await world.approvedUser();
      const other = await world.login(email);
      const list = await world.request('GET', '/api/v1/auth/sessions', { token: tokens.access });
      const otherId = (list.body.items as { id: string; current: boolean }[]).find((s) => !s.current)!.id;
      const answer = await world.request('DELETE', `/api/v1/auth/sessions/${otherId}`, {
        token: tokens.access,
      });
      expect(answer.status).to.equal(204);
      expect(answer.text).to.equal('');
      expectProblem(
        await world.request('GET', '/api/v1/auth/me', { token: other.access }),
        401,
        'unauthorized',
      );
      expectProblem(await post('/refresh', undefined, other.refresh), 401, 'refresh_revoked');
      expect((await world.request('GET', '/api/v1/auth/me', { token: tokens.access })).status).to.equal(200);
      expectProblem(
        await world.request('DELETE', `/api/v1/auth/sessions/${otherId}`, { token: tokens.access }),
        404,
        'not_found',
      );
    });

    it('404 not_found for another user’s session or a malformed id; 401 without a token', async () => {
      const alice = await world.approvedUser();
      const bob = await world.approvedUser();
      const bobs = await world.request('GET', '/api/v1/auth/sessions', { token: bob.tokens.access });
      const bobSession = bobs.body.items[0].id as string;
      expectProblem(
        await world.request('DELETE', `/api/v1/auth/sessions/${bobSession}`, { token: alice.tokens.access }),
        404,
        'not_found',
      );
      expect((await world.request('GET', '/api/v1/auth/me', { token: bob.tokens.access })).status).to.equal(
        200,
      );
      expectProblem(
        await world.request('DELETE', '/api/v1/auth/sessions/not-a-uuid', { token: alice.tokens.access }),
        404,
        'not_found',
      );
      expectProblem(
        await world.request('DELETE', `/api/v1/auth/sessions/${bobSession}`),
        401,
        'unauthorized',
      );
      expectProblem(await world.request('GET', '/api/v1/auth/sessions'), 401, 'unauthorized');
    });
  });

  describe('password reset', () => {
    const resetTokenFor = (email: string) => world.resetTokenFor(email);

    it('forgot-password answers 202 with the same body for every email', async () => {
      const { email } = await world.approvedUser();
      const pending = uniqueEmail('pending');
      await post('/register', { email: pending, password: PASSWORD });
      const expected = { detail: 'if the account exists, a reset link has been sent' };
      for (const target of [email, pending, uniqueEmail('nobody')]) {
        const answer = await post('/forgot-password', { email: target });
        expect(answer.status).to.equal(202);
        expect(answer.body).to.deep.equal(expected);
      }
      expectProblem(await post('/forgot-password', { email: 'nope' }), 400, 'validation_failed');
      expectProblem(await post('/forgot-password', {}), 400, 'validation_failed');
    });

    it('end to end: the emailed token sets a new password once and ends every session', async () => {
      const { email, tokens } = await world.approvedUser();
      expect((await post('/forgot-password', { email })).status).to.equal(202);
      const token = await resetTokenFor(email);

      const weak = await post('/reset-password', { token, password: 'short' });
      expectProblem(weak, 400, 'validation_failed');
      const answer = await post('/reset-password', { token, password: NEW_PASSWORD });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({ detail: 'password updated' });

      expectProblem(
        await world.request('GET', '/api/v1/auth/me', { token: tokens.access }),
        401,
        'unauthorized',
      );
      expectProblem(await post('/refresh', undefined, tokens.refresh), 401, 'refresh_revoked');
      expectProblem(await post('/login', { email, password: PASSWORD }), 401, 'invalid_credentials');
      await world.login(email, NEW_PASSWORD);
      expectProblem(await post('/reset-password', { token, password: NEW_PASSWORD }), 400, 'invalid_token');

      const lines = await world.settledLines();
      expect(
        lines.some((l) => l['event'] === 'password_reset_ok' && typeof l['user_id'] === 'string'),
      ).to.equal(true);
    });

    it('400 invalid_token for an unknown token; 400 validation_failed for missing fields', async () => {
      expectProblem(
        await post('/reset-password', { token: 'unknown-token', password: NEW_PASSWORD }),
        400,
        'invalid_token',
      );
      expectProblem(
        await post('/reset-password', { token: '', password: NEW_PASSWORD }),
        400,
        'invalid_token',
      );
      expectProblem(await post('/reset-password', { password: NEW_PASSWORD }), 400, 'validation_failed');
    });
  });

  describe('POST /change-password', () => {
    it('200 {"detail":"password updated"}; other sessions end, the caller’s is kept', async () => {
      const { email, tokens } = await world.approvedUser();
      const other = await world.login(email);
      const answer = await post(
        '/change-password',
        { current_password: PASSWORD, new_password: NEW_PASSWORD },
        tokens.access,
      );
      expect(answer.status, answer.text).to.equal(200);
      expect(answer.body).to.deep.equal({ detail: 'password updated' });
      expect((await world.request('GET', '/api/v1/auth/me', { token: tokens.access })).status).to.equal(200);
      expectProblem(
        await world.request('GET', '/api/v1/auth/me', { token: other.access }),
        401,
        'unauthorized',
      );
      await world.login(email, NEW_PASSWORD);
    });

    it('401 invalid_credentials for a wrong current password; 400 for a weak one; 401 without a token', async () => {
      const { tokens } = await world.approvedUser();
      const t: Tokens = tokens;
      expectProblem(
        await post(
          '/change-password',
          { current_password: 'wrong password 123', new_password: NEW_PASSWORD },
          t.access,
        ),
        401,
        'invalid_credentials',
      );
      const weak = await post(
        '/change-password',
        { current_password: PASSWORD, new_password: 'short' },
        t.access,
      );
      expectProblem(weak, 400, 'validation_failed');
      expect(weak.body.errors[0].field).to.equal('new_password');
      expectProblem(
        await post('/change-password', { current_password: PASSWORD }, t.access),
        400,
        'validation_failed',
      );
      expectProblem(
        await post('/change-password', { current_password: PASSWORD, new_password: NEW_PASSWORD }),
        401,
        'unauthorized',
      );
    });
  });
});
