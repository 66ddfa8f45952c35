import { expect } from 'chai';
import { PASSWORD, World, uniqueEmail, type Answer } from './support/world.js';

const NEW_PASSWORD = 'the replacement password 7';
const WRONG_PASSWORD = 'not the password at all';

/** Real argon2 costs here: the timing test needs them, and the log test does not mind. */
const PRODUCTION_HASHING = { ARGON2_MEMORY_COST: '19456', ARGON2_TIME_COST: '2' };

describe('log lines and login timing', function () {
  this.timeout(60_000);
  let world: World;

  before(async () => {
    world = await World.start(PRODUCTION_HASHING);
    world.secrets.add(NEW_PASSWORD).add(WRONG_PASSWORD);
  });
  after(async () => {
    await world?.stop();
  });

  it('one JSON access line per request, every line of a request tagged with its id, no secret anywhere', async () => {
    const answers: Answer[] = [];
    const call = async (method: string, path: string, options: Parameters<World['request']>[2] = {}) => {
      const answer = await world.request(method, path, options);
      answers.push(answer);
      return answer;
    };
    const start = world.lines.length;

    const admin = await world.approvedUser('admin');
    const email = uniqueEmail('logged');
    const registered = await call('POST', '/api/v1/auth/register', { json: { email, password: PASSWORD } });
    await call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } });
    await call('POST', '/api/v1/auth/login', { json: { email, password: WRONG_PASSWORD } });
    await call('PATCH', `/api/v1/users/${registered.body.user.id}/approve`, { token: admin.tokens.access });
    const login = await call('POST', '/api/v1/auth/login?next=/secret-query', {
      json: { email, password: PASSWORD },
    });
    const tokens = world.remember({ access: login.body.access_token, refresh: login.body.refresh_token });
    const refreshed = await call('POST', '/api/v1/auth/refresh', { json: { refresh_token: tokens.refresh } });
    const next = world.remember({
      access: refreshed.body.access_token,
      refresh: refreshed.body.refresh_token,
    });
    await call('GET', '/api/v1/auth/me', { token: next.access });
    await call('POST', '/api/v1/auth/change-password', {
      token: next.access,
      json: { current_password: PASSWORD, new_password: NEW_PASSWORD },
    });
    await call('POST', '/api/v1/auth/forgot-password', { json: { email } });
    const resetToken = await world.resetTokenFor(email);
    world.secrets.add(`${world.config.mail.appBaseUrl}`.concat('/reset'));
    await call('POST', '/api/v1/auth/reset-password', { json: { token: resetToken, password: PASSWORD } });
    const again = await call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } });
    world.remember({ access: again.body.access_token, refresh: again.body.refresh_token });
    await call('POST', '/api/v1/auth/logout', {});
    await call('POST', '/api/v1/auth/logout', { json: { refresh_token: 'not.a.token' } });
    await call('POST', '/api/v1/auth/logout', { token: again.body.refresh_token });
    await call('POST', '/api/v1/auth/logout_all', { token: admin.tokens.access });
    await call('GET', '/nope');

    const lines = (await world.settledLines()).slice(start);
    for (const line of lines) expect(line).to.include.keys('timestamp', 'level', 'message');

    // Exactly one access line per request, with the fields API.md lists and no query string.
    const access = lines.filter((l) => l['event'] === 'http_request');
    const adminLogin = 1;
    expect(access).to.have.length(answers.length + adminLogin);
    for (const answer of answers) {
      const mine = access.filter((l) => l['request_id'] === answer.headers.get('x-request-id'));
      expect(mine).to.have.length(1);
      expect(mine[0]).to.include({ message: 'http_request', status: answer.status, ip: '127.0.0.1' });
      expect(mine[0]).to.have.all.keys(
        'timestamp',
        'level',
        'message',
        'event',
        'method',
        'path',
        'status',
        'duration_ms',
        'ip',
        'request_id',
      );
      expect(mine[0]!['duration_ms']).to.be.a('number');
      expect(mine[0]!['path']).to.not.include('?');
    }

    // Domain events happen inside requests, and carry their ids.
    const events = lines.filter((l) => l['event'] !== 'http_request' && l['event'] !== undefined);
    // Seeding and the delivery this test runs (as the worker would) happen outside any request.
    const outside = ['admin_seeded', 'password_reset_issued', 'email_sent', 'email_saved'];
    for (const line of events.filter((l) => !outside.includes(String(l['event'])))) {
      expect(line['request_id'], JSON.stringify(line)).to.be.a('string');
    }
    expect(events.map((l) => l['event'])).to.include.members([
      'register_ok',
      'login_not_approved',
      'login_failed',
      'user_approved',
      'login_ok',
      'refresh_ok',
      'password_changed',
      'password_reset_requested',
      'password_reset_ok',
      'logout_missing_token',
      'logout_invalid_refresh',
      'logout_ok',
      'logout_all_ok',
    ]);
    const resetOk = events.find((l) => l['event'] === 'password_reset_ok');
    expect(resetOk?.['user_id']).to.equal(registered.body.user.id);

    // Nothing secret, no header, no body, anywhere.
    await world.assertNoSecretsLogged();
    const text = JSON.stringify(lines);
    const leak =
      /bearer |"(password|current_password|new_password|token|refresh_token|access_token|authorization|headers|body)":|secret-query/i.exec(
        text,
      );
    expect(leak, text.slice(Math.max(0, (leak?.index ?? 0) - 300), (leak?.index ?? 0) + 100)).to.equal(null);
  });

  it('an unknown email and a wrong password take the same time (both verify a hash)', async () => {
    const { email } = await world.approvedUser();
    const ghost = uniqueEmail('ghost');
    const time = async (who: string) => {
      const started = process.hrtime.bigint();
      const answer = await world.request('POST', '/api/v1/auth/login', {
        json: { email: who, password: WRONG_PASSWORD },
      });
      expect(answer.status).to.equal(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    await time(ghost); // the dummy hash is made on first use
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      wrong.push(await time(email));
      unknown.push(await time(ghost));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknown) / median(wrong);
    // Without the dummy verification an unknown email answers in a small fraction of the time.
    expect(ratio, `unknown ${median(unknown)} ms vs wrong ${median(wrong)} ms`).to.be.within(0.6, 1.6);
  });
});
