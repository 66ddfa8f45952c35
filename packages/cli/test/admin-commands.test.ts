import { expect } from 'chai';
import type { Application } from '@codex-auth/composition';
import { databaseOf } from '@codex-auth/composition/testing';
import { PASSWORD_WARNING } from '../src/password.js';
import {
  cli,
  clis,
  openBackend,
  runInProcess as run,
  withApp,
  type Backend,
  type Run,
} from './support/run-cli.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PASSWORD = 'a long enough password 1';

function ok(run: Run): Run {
  expect(run.code, `exit ${run.code}: ${run.stderr}`).to.equal(0);
  return run;
}

/** Exit 1, exactly one line on stderr (after the warning a --password earns), no stack. */
function failure(run: Run, text: string, options: { warned?: boolean } = {}): void {
  expect(run.code, run.stdout).to.equal(1);
  expect(run.stderr).to.equal(`${options.warned === true ? `${PASSWORD_WARNING}\n` : ''}error: ${text}\n`);
  expect(run.stdout).to.equal('');
}

/** Exit 2, the reason, then the pointer to --help; nothing on stdout. */
function usage(run: Run, reason: string | RegExp): void {
  expect(run.code, run.stderr).to.equal(2);
  if (typeof reason === 'string') expect(run.stderr).to.include(reason);
  else expect(run.stderr).to.match(reason);
  expect(run.stderr).to.match(/Run 'codex-auth --help' for the commands and their options\.\n$/);
  expect(run.stdout).to.equal('');
}

async function login(app: Application, email: string, password = PASSWORD): Promise<string> {
  const result = await app.useCases.login.execute({ email, password });
  if (!result.ok) throw new Error(`login of ${email} failed: ${result.code}`);
  return result.value.refreshToken;
}

// The tests share one database and build on each other, in order: create → roles → status → passwords.
// `cli` runs a child process, as an operator does; `run` the same entry point in this process, for
// the many variations (a process costs about a second and a half).
describe('codex-auth users, sessions and cleanup-refresh (as a child process)', function () {
  this.timeout(120_000);
  let backend: Backend;
  let env: Record<string, string>;

  before(async () => {
    backend = await openBackend('codex-cli-admin');
    env = backend.env;
    await withApp(env, async (app) => {
      // A pending account, as registration leaves it.
      const registered = await app.useCases.registerUser.execute({
        email: 'pending@example.test',
        password: PASSWORD,
      });
      expect(registered.ok).to.equal(true);
    });
  });
  after(async () => {
    await backend.dispose();
  });

  it('shows help with examples for every command', async () => {
    const commands = [
      ['users', 'list'],
      ['users', 'create'],
      ['users', 'approve'],
      ['users', 'reject'],
      ['users', 'disable'],
      ['users', 'set-role'],
      ['users', 'set-password'],
      ['sessions', 'revoke-all'],
      ['cleanup-refresh'],
    ];
    // One as a process (help goes to stdout, exit 0); the rest in this process.
    const runs = [await cli([...commands[0]!, '--help'], env)];
    for (const command of commands.slice(1)) runs.push(await run([...command, '--help'], env));
    runs.forEach((result, i) => {
      ok(result);
      expect(result.stdout, commands[i]!.join(' '))
        .to.include(`codex-auth ${commands[i]!.join(' ')}`)
        .and.include('Examples:');
    });
  });

  it('creates accounts, and refuses a bad email, a weak password, an unknown role or a taken email', async () => {
    const [created, bad] = await clis(backend, [
      ['users', 'create', '--email', ' Root@Example.TEST ', '--password', PASSWORD, '--role', 'admin'],
      ['users', 'create', '--email', 'not-an-email', '--password', 'short'],
    ]);
    expect(ok(created!).stdout).to.match(new RegExp(`^created admin root@example\\.test \\(${UUID}\\)\\n$`));
    expect(created!.stderr).to.equal(`${PASSWORD_WARNING}\n`);
    failure(bad!, 'email is not a valid email address; password must be at least 12 characters', {
      warned: true,
    });

    const asJson = ok(
      await run(
        ['users', 'create', '--email', 'ana@example.test', '--password-stdin', '--locale', 'es', '--json'],
        env,
        { input: `${PASSWORD}\n` },
      ),
    );
    expect(asJson.stderr).to.equal('');
    const { user } = JSON.parse(asJson.stdout) as { user: Record<string, unknown> };
    expect(user).to.include({ email: 'ana@example.test', role: 'user', status: 'approved' });
    expect(user).to.have.keys('id', 'email', 'role', 'status', 'created_at', 'approved_at');
    // The language of her emails is stored, though the API's user object does not show it.
    const locales = await withApp(env, async (app) =>
      databaseOf(app)
        .knex('users')
        .whereIn('email', ['ana@example.test', 'root@example.test'])
        .select('email', 'locale'),
    );
    expect(
      Object.fromEntries(locales.map((r: { email: string; locale: string }) => [r.email, r.locale])),
    ).to.deep.equal({
      'ana@example.test': 'es',
      'root@example.test': 'en',
    });
    usage(
      await run(
        ['users', 'create', '--email', 'eve@example.test', '--password-stdin', '--locale', 'fr'],
        env,
        {
          input: PASSWORD,
        },
      ),
      /Argument: locale, Given: "fr", Choices: "en", "es"/,
    );
    usage(
      await run(
        ['users', 'create', '--email', 'eve@example.test', '--password-stdin', '--role', 'root'],
        env,
        {
          input: PASSWORD,
        },
      ),
      /Argument: role, Given: "root", Choices: "admin", "user"/,
    );
    failure(
      await run(['users', 'create', '--email', 'ANA@example.test', '--password-stdin'], env, {
        input: PASSWORD,
      }),
      'email is already registered, or looks like an address that is',
    );
    failure(
      await run(['users', 'create', '--email', 'eve@example.test'], env),
      'no password: pass --password-stdin, or run in a terminal to be asked',
    );
    failure(
      await run(['users', 'create', '--email', 'eve@example.test', '--password-stdin'], env, { input: '\n' }),
      'no password on standard input (--password-stdin)',
    );
    usage(await run(['users', 'create', '--password-stdin'], env), 'Missing required argument: email');
    for (const email of ['', '  ']) {
      usage(
        await run(['users', 'create', '--email', email, '--password-stdin'], env),
        '--email must not be empty',
      );
    }
    usage(
      await run(
        ['users', 'create', '--email', 'eve@example.test', '--password', PASSWORD, '--password-stdin'],
        env,
      ),
      'Arguments password and password-stdin are mutually exclusive',
    );
  });

  it('lists accounts as a plain table when piped, as JSON with --json, filtered and paged', async () => {
    const [plain, json] = await clis(backend, [
      ['users', 'list'],
      ['users', 'list', '--json'],
    ]);
    const lines = ok(plain!).stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^ID\s+EMAIL\s+ROLE\s+STATUS\s+CREATED\s+APPROVED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[1])).to.deep.equal([
      'pending@example.test',
      'root@example.test',
      'ana@example.test',
    ]);
    expect(lines[1]).to.match(
      new RegExp(
        `^${UUID}\\s+pending@example\\.test\\s+user\\s+pending\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+-$`,
      ),
    );
    expect(plain!.stderr).to.equal('page 1 of 1, 3 accounts\n');
    const all = JSON.parse(ok(json!).stdout) as { items: { email: string }[]; meta: unknown };
    expect(all.items).to.have.length(3);
    expect(all.meta).to.deep.equal({ page: 1, per_page: 10, pages: 1, total: 3 });

    const pending = JSON.parse(
      ok(await run(['users', 'list', '--status', 'pending', '--json'], env)).stdout,
    ) as {
      items: { email: string; status: string }[];
    };
    expect(pending.items.map((u) => [u.email, u.status])).to.deep.equal([
      ['pending@example.test', 'pending'],
    ]);
    const paged = await run(
      ['users', 'list', '--q', 'EXAMPLE.test', '--per-page', '2', '--page', '2', '--json'],
      env,
    );
    const second = JSON.parse(ok(paged).stdout) as { items: { email: string }[]; meta: unknown };
    expect(second.items.map((u) => u.email)).to.deep.equal(['ana@example.test']);
    expect(second.meta).to.deep.equal({ page: 2, per_page: 2, pages: 2, total: 3 });
    const none = ok(await run(['users', 'list', '--q', '100%'], env));
    expect(none.stdout.trimEnd().split('\n')).to.have.length(1);
    expect(none.stderr).to.equal('page 1 of 1, 0 accounts\n');
    usage(await run(['users', 'list', '--page', 'two'], env), '--page must be a whole number');
    usage(await run(['users', 'list', '--page', '0'], env), '--page must be at least 1');
    usage(await run(['users', 'list', '--per-page', '101'], env), '--per-page must be at most 100');
    usage(await run(['users', 'list', '--status', 'asleep'], env), /Argument: status, Given: "asleep"/);
  });

  it('keeps the last approved admin, and changes roles otherwise', async () => {
    failure(
      await cli(['users', 'set-role', '--email', 'root@example.test', '--role', 'user'], env),
      'this change would leave no approved admin',
    );
    for (const args of [
      ['users', 'disable', '--email', 'root@example.test'],
      ['users', 'reject', '--email', 'root@example.test'],
    ]) {
      failure(await run(args, env), 'this change would leave no approved admin');
    }

    const promoted = ok(
      await run(['users', 'set-role', '--email', 'Ana@Example.test', '--role', 'admin'], env),
    );
    expect(promoted.stdout).to.match(new RegExp(`^ana@example\\.test \\(${UUID}\\) is now an admin\\n$`));
    const demoted = ok(
      await run(['users', 'set-role', '--email', 'root@example.test', '--role', 'user', '--json'], env),
    );
    expect(JSON.parse(demoted.stdout)).to.have.nested.property('user.role', 'user');
    usage(
      await run(['users', 'set-role', '--email', 'root@example.test', '--role', 'owner'], env),
      /Argument: role, Given: "owner", Choices: "admin", "user"/,
    );
    usage(
      await run(['users', 'set-role', '--email', '', '--role', 'admin'], env),
      '--email must not be empty',
    );
  });

  it('approves, rejects and disables by email, ending sessions; an unknown email is one clear line', async () => {
    const [approved, unknown] = await clis(backend, [
      ['users', 'approve', '--email', 'PENDING@example.test'],
      ['users', 'approve', '--email', 'Nobody@Example.test'],
    ]);
    expect(ok(approved!).stdout).to.match(new RegExp(`^approved pending@example\\.test \\(${UUID}\\)\\n$`));
    failure(unknown!, 'no user with email nobody@example.test');
    const refresh = await withApp(env, (app) => login(app, 'pending@example.test'));

    const disabled = ok(await run(['users', 'disable', '--email', 'pending@example.test', '--json'], env));
    expect(JSON.parse(disabled.stdout)).to.have.nested.property('user.status', 'disabled');
    const rejected = ok(await cli(['users', 'reject', '--email', 'pending@example.test'], env));
    expect(rejected.stdout).to.match(/^rejected pending@example\.test .*sessions are revoked\n$/);
    await withApp(env, async (app) => {
      expect((await app.useCases.refreshSession.execute({ refreshToken: refresh })).ok).to.equal(false);
    });

    for (const args of [
      ['users', 'reject', '--email', 'nobody@example.test'],
      ['users', 'disable', '--email', 'nobody@example.test'],
      ['users', 'set-role', '--email', 'nobody@example.test', '--role', 'user'],
      ['users', 'set-password', '--email', 'nobody@example.test', '--password-stdin'],
      ['sessions', 'revoke-all', '--email', 'nobody@example.test'],
    ]) {
      failure(await run(args, env, { input: PASSWORD }), 'no user with email nobody@example.test');
    }
    for (const args of [
      ['users', 'approve', '--email', ''],
      ['users', 'reject', '--email', ' '],
      ['users', 'disable', '--email', ''],
      ['users', 'set-password', '--email', '', '--password-stdin'],
      ['sessions', 'revoke-all', '--email', ''],
      ['seed-admin', '--email', '', '--password-stdin'],
    ]) {
      usage(await run(args, env), '--email must not be empty');
    }
  });

  it('sets a password from the flag or ADMIN_PASSWORD, ending every session, under the password policy', async () => {
    const refresh = await withApp(env, (app) => login(app, 'ana@example.test'));
    const [set, none] = await clis(backend, [
      ['users', 'set-password', '--email', 'ana@example.test', '--password', 'a fresh password 22'],
      ['users', 'set-password', '--email', 'root@example.test'],
    ]);
    expect(ok(set!).stdout).to.match(/^password set for ana@example\.test .*sessions are revoked\n$/);
    expect(set!.stdout + set!.stderr).to.not.include('a fresh password 22');
    expect(set!.stderr).to.equal(`${PASSWORD_WARNING}\n`);
    failure(
      none!,
      'no password: pass --password-stdin, set ADMIN_PASSWORD, or run in a terminal to be asked',
    );
    const piped = ok(
      await run(['users', 'set-password', '--email', 'ana@example.test', '--password-stdin', '--json'], env, {
        input: 'from standard input 44\r\n',
      }),
    );
    expect(JSON.parse(piped.stdout)).to.have.nested.property('user.email', 'ana@example.test');
    expect(piped.stderr).to.equal('');
    await withApp(env, async (app) => {
      const login = await app.useCases.login.execute({
        email: 'ana@example.test',
        password: 'from standard input 44',
      });
      expect(login.ok).to.equal(true);
    });
    const fromEnv = ok(
      await run(['users', 'set-password', '--email', 'ana@example.test'], {
        ...env,
        ADMIN_PASSWORD: 'from the environment 33',
      }),
    );
    expect(fromEnv.stdout).to.match(/^password set for ana@example\.test/);
    failure(
      await run(['users', 'set-password', '--email', 'ana@example.test', '--password-stdin'], env, {
        input: 'short\n',
      }),
      'password must be at least 12 characters',
    );
    await withApp(env, async (app) => {
      expect((await app.useCases.refreshSession.execute({ refreshToken: refresh })).ok).to.equal(false);
      const login = await app.useCases.login.execute({
        email: 'ana@example.test',
        password: 'from the environment 33',
      });
      expect(login.ok).to.equal(true);
    });
  });

  it('revokes every session of an account', async () => {
    const tokens = await withApp(env, async (app) => [
      await login(app, 'ana@example.test', 'from the environment 33'),
      await login(app, 'ana@example.test', 'from the environment 33'),
    ]);
    const run1 = ok(await cli(['sessions', 'revoke-all', '--email', 'ANA@example.test'], env));
    expect(run1.stdout).to.match(/^revoked [2-9]\d* sessions of ana@example\.test\n$/);
    await withApp(env, async (app) => {
      for (const refreshToken of tokens)
        expect((await app.useCases.refreshSession.execute({ refreshToken })).ok).to.equal(false);
    });
    const again = ok(await run(['sessions', 'revoke-all', '--email', 'ana@example.test'], env));
    expect(again.stdout).to.equal('revoked 0 sessions of ana@example.test\n');
    const asJson = ok(await run(['sessions', 'revoke-all', '--email', 'ana@example.test', '--json'], env));
    const printed = JSON.parse(asJson.stdout) as { user: Record<string, unknown>; revoked: number };
    expect(printed.revoked).to.equal(0);
    expect(printed.user)
      .to.include({ email: 'ana@example.test' })
      .and.have.keys('id', 'email', 'role', 'status', 'created_at', 'approved_at');
  });

  it('cleans up refresh tokens, printing only the counts', async () => {
    // Every session so far was revoked (logout-all, set-password, reject): with no grace, all go.
    const [cleaned, notANumber] = await clis(backend, [
      ['cleanup-refresh', '--grace-days', '0', '--batch-size', '1'],
      ['cleanup-refresh', '--grace-days', 'week'],
    ]);
    expect(ok(cleaned!).stdout).to.match(/^\{"removed_expired":0,"removed_revoked":[1-9]\d*\}\n$/);
    expect(cleaned!.stderr).to.equal('');
    usage(notANumber!, '--grace-days must be a whole number');
    const again = ok(await run(['cleanup-refresh', '--grace-days', '0'], env));
    expect(again.stdout).to.equal('{"removed_expired":0,"removed_revoked":0}\n');
    usage(await run(['cleanup-refresh', '--grace-days', '-1'], env), '--grace-days must be at least 0');
    usage(await run(['cleanup-refresh', '--batch-size', '0'], env), '--batch-size must be at least 1');
    // The upper end is the use case's rule, reported as its failure.
    failure(
      await run(['cleanup-refresh', '--grace-days', '36501'], env),
      'grace_days must be a whole number from 0 to 36500',
    );
    expect(ok(await run(['cleanup-refresh', '--grace-days', '0', '--json'], env)).stdout).to.equal(
      '{"removed_expired":0,"removed_revoked":0}\n',
    );
  });

  it('reports an unreachable database in one line, and the stack only with --verbose', async () => {
    const down = { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    // Both at once: neither touches a database file.
    const [plain, verbose] = await Promise.all([
      cli(['users', 'list'], down),
      cli(['users', 'list', '--verbose'], down),
    ]);
    expect(plain.code).to.equal(1);
    expect(plain.stderr).to.match(/^error: .*ECONNREFUSED.*\n$/);
    // knex's own warning (with a stack) is kept off both streams.
    expect(plain.stdout).to.equal('');
    expect(verbose.code).to.equal(1);
    expect(verbose.stderr).to.match(/\n\s+at /);
  });

  it('draws a table at a terminal, and shows the cleanup progress on a terminal stderr', async () => {
    const wide = ok(
      await run(['users', 'list', '--status', 'approved'], env, { stdout: true, columns: 200 }),
    );
    expect(wide.stdout)
      .to.include('┌')
      .and.include('│ ana@example.test')
      .and.include('page 1 of 1, 2 accounts\n');
    // Wide enough: one line per account, every value whole.
    expect(wide.stdout.split('\n').filter((l) => l.startsWith('│ '))).to.have.length(3);
    // 80 columns: the table wraps its cells to fit, and still shows every character of them.
    const narrow = ok(
      await run(['users', 'list', '--status', 'approved'], env, { stdout: true, columns: 80 }),
    );
    const lines = narrow.stdout.trimEnd().split('\n');
    for (const l of lines) expect(l.length, l).to.be.at.most(80);
    expect(lines[0]).to.match(/^┌─+┬/);
    const cellText = lines
      .filter((l) => l.startsWith('│ '))
      .map((l) => l.split('│')[2]!.trim())
      .join('');
    expect(cellText).to.include('ana@example.test').and.include('root@example.test');
    await withApp(env, async (app) => {
      await app.useCases.logout.execute({
        refreshToken: await login(app, 'ana@example.test', 'from the environment 33'),
      });
    });
    const cleanup = ok(await run(['cleanup-refresh', '--grace-days', '0'], env, { stderr: true }));
    expect(cleanup.stdout).to.equal('{"removed_expired":0,"removed_revoked":1}\n');
    expect(cleanup.stderr).to.include('cleaning refresh tokens');
  });
});
