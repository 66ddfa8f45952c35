import { expect } from 'chai';
import { createApplication, createLogger, loadConfig } from '@codex-auth/composition';
import { openTestDatabase, type FreshDatabase } from '@codex-auth/adapters-pg/testing';
import { readFile } from 'node:fs/promises';
import { PASSWORD_WARNING } from '../src/password.js';
import { cli, clis, pnpmCli, runInProcess, withApp } from './support/run-cli.js';

describe('codex-auth CLI (as a child process)', function () {
  this.timeout(120_000);
  let env: Record<string, string>;
  let database: FreshDatabase | undefined;
  let dataDir: string;

  before(async () => {
    database = await openTestDatabase('codex-cli-test');
    dataDir = database.dataDir;
    env = {
      DATA_DIR: dataDir,
      SECRET_KEY: 's'.repeat(40),
      ARGON2_MEMORY_COST: '1024',
      ARGON2_TIME_COST: '1',
    };
    if (database.url !== undefined) env.DATABASE_URL = database.url;
  });
  after(async () => {
    await database?.dispose();
  });

  it('exits 2 with usage on stderr for no command or an unknown one', async () => {
    const [none, unknown] = await Promise.all([cli([], env), cli(['frobnicate'], env)]);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.include('name a command');
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/Unknown argument: frobnicate/);
  });

  it('shows help with examples', async () => {
    const [help, seedHelp] = await Promise.all([cli(['--help'], env), cli(['seed-admin', '--help'], env)]);
    expect(help.code).to.equal(0);
    for (const command of ['migrate', 'seed-admin', 'users', 'sessions', 'cleanup-refresh'])
      expect(help.stdout).to.include(command);
    expect(seedHelp.stdout).to.include('Examples:').and.include('ADMIN_PASSWORD');
  });

  it('prints its version', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const run = await cli(['--version'], env);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.equal(`${manifest.version}\n`);
  });

  // pnpm echoes a script's command line (the password with it) and adds an ELIFECYCLE line to a
  // failure; `pnpm cli` runs the `cli` binary instead, which pnpm runs without either.
  it('through `pnpm cli` as the README shows: no echo of the arguments, one line for a failure', async () => {
    const secret = 'visible on the command line 1';
    const bad = { ...env, PORT: 'eighty' };
    const [help, failed, withPassword] = await Promise.all([
      pnpmCli(['--help'], env),
      pnpmCli(['migrate'], bad),
      pnpmCli(['seed-admin', '--email', 'ops@example.test', '--password', secret], bad),
    ]);
    expect(help.code, help.stderr).to.equal(0);
    expect(help.stdout).to.match(/^codex-auth <command>/);
    expect(help.stderr).to.equal('');
    expect(failed.code).to.equal(1);
    expect(failed.stderr.split('\n')).to.have.length(2).and.to.have.property('1', '');
    expect(failed.stderr).to.equal('error: invalid configuration: PORT: must be a whole number\n');
    expect(withPassword.code).to.equal(1);
    expect(withPassword.stdout + withPassword.stderr).to.not.include(secret);
    expect(withPassword.stderr).to.equal(`${PASSWORD_WARNING}\n${failed.stderr}`);
  });

  it('migrates, idempotently, and reports the status', async () => {
    const first = await cli(['migrate'], env);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(
      /^applied 8: 0001-users.*0006-cleanup-indexes, 0009-email-skeleton, 0010-user-locale/,
    );
    const again = await cli(['migrate'], env);
    expect(again.stdout.trim()).to.equal('schema is up to date');
    const status = await cli(['migrate:status'], env);
    expect(status.stdout.trim().split('\n')).to.have.length(8);
    expect(status.stdout).to.not.include('pending');
  });

  it('prints the migrations as JSON with --json', async () => {
    const applied = await runInProcess(['migrate', '--json'], env);
    const status = await runInProcess(['migrate:status', '--json'], env);
    expect(JSON.parse(applied.stdout)).to.deep.equal({ applied: [] });
    const listed = JSON.parse(status.stdout) as { applied: string[]; pending: string[] };
    expect(listed.applied).to.have.length(8);
    expect(listed.pending).to.deep.equal([]);
  });

  it('seeds an admin who can log in, and promotes an existing account', async () => {
    await withApp(env, async () => undefined);
    const created = await cli(
      ['seed-admin', '--email', 'Ops@Example.com', '--password', 'a strong admin password'],
      env,
    );
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stderr).to.equal(`${PASSWORD_WARNING}\n`);
    expect(created.stdout).to.match(/^created admin ops@example\.com \(/);
    const promoted = await cli(['seed-admin', '--email', 'ops@example.com'], {
      ...env,
      ADMIN_PASSWORD: 'another admin password',
    });
    expect(promoted.code, promoted.stderr).to.equal(0);
    expect(promoted.stdout).to.match(/^promoted admin ops@example\.com/);
    expect(promoted.stderr).to.equal('');
    // From standard input, as a script pipes it: one trailing newline is not part of the password.
    const piped = await cli(
      ['seed-admin', '--email', 'ops@example.com', '--password-stdin', '--json'],
      env,
      'another admin password\n',
    );
    expect(piped.code, piped.stderr).to.equal(0);
    expect(piped.stderr).to.equal('');
    const seeded = JSON.parse(piped.stdout) as { user: Record<string, unknown>; created: boolean };
    expect(seeded.created).to.equal(false);
    expect(seeded.user).to.include({ email: 'ops@example.com', role: 'admin', status: 'approved' });
    const app = await createApplication(loadConfig(env), {
      logger: createLogger({ level: 'error', silent: true }),
    });
    try {
      const login = await app.useCases.login.execute({
        email: 'ops@example.com',
        password: 'another admin password',
      });
      expect(login.ok).to.equal(true);
    } finally {
      await app.close();
    }
  });

  it('refuses a bad email or a weak password with one line and exit 1, no stack, and no default password', async () => {
    await withApp(env, async () => undefined);
    const runs = [
      ['seed-admin', '--email', 'not-an-email', '--password', 'short'],
      ['seed-admin', '--email', 'x@example.com'],
      ['seed-admin', '--password', 'a strong admin password'],
    ];
    const [bad, noPassword, missingEmail] = await clis({ env, shared: env.DATABASE_URL !== undefined }, runs);
    expect(bad!.code).to.equal(1);
    // The warning comes first, whatever happens next.
    expect(bad!.stderr).to.equal(
      `${PASSWORD_WARNING}\nerror: email is not a valid email address; password must be at least 12 characters\n`,
    );
    expect(noPassword!.code).to.equal(1);
    expect(noPassword!.stderr).to.include('no password');
    expect(noPassword!.stderr).to.not.match(/\n\s+at /);
    expect(missingEmail!.code).to.equal(2);
  });

  it('reports a bad environment by variable name', async () => {
    const run = await cli(['migrate'], { ...env, PORT: 'eighty' });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('PORT');
  });

  it('refuses migrate:down in production', async function () {
    if (env.DATABASE_URL === undefined) this.skip();
    const run = await cli(['migrate:down'], { ...env, NODE_ENV: 'production' });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('refused in production');
    expect((await runInProcess(['migrate:status'], env)).stdout).to.not.include('pending');
  });
});
