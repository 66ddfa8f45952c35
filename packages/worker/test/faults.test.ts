import { expect } from 'chai';
import {
  createTestDatabase,
  findTestServer,
  startTcpProxy,
  targetOf,
  type TcpProxy,
  type TestDatabase,
} from '@codex-auth/adapters-pg/testing';
import { runDaemon } from '../src/daemon.js';
import { BASE_ENV, openApplication, waitFor, type Env } from './support/backend.js';
import { daemon, type Daemon } from './support/daemon.js';

/** Every stdout line parsed: a line that is not JSON fails the test. */
function events(d: Daemon): Record<string, unknown>[] {
  return d.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const named = (d: Daemon, event: string) => events(d).filter((e) => e['event'] === event);

/** What no log line may contain: query text (knex used to prefix it to every error). */
const SQL = /\b(select|insert|update|delete)\b.*\b(from|into|set)\b/i;

describe('worker daemon: database faults', function () {
  this.timeout(90_000);
  let database: TestDatabase | undefined;
  let proxy: TcpProxy;
  let env: Env;
  const running: Daemon[] = [];

  beforeEach(async function () {
    const server = await findTestServer();
    if (server === null || process.env['TEST_DATABASE_URL'] === undefined) return this.skip();
    database = await createTestDatabase(server.url, 'codex_worker_faults');
    proxy = await startTcpProxy(targetOf(database.url, 5432));
    env = {
      ...BASE_ENV,
      DATABASE_URL: proxy.via(database.url),
      DATABASE_POOL_MAX: '2',
      OUTBOX_POLL_INTERVAL: '1',
      WORKER_HEARTBEAT_INTERVAL: '3600',
    };
  });
  afterEach(async () => {
    for (const d of running.splice(0)) d.child.kill('SIGKILL');
    await proxy?.close();
    await database?.drop();
    database = undefined;
  });

  it('refuses an unmigrated database with one line naming `codex-auth migrate`, logging no SQL', async () => {
    const d = daemon(env);
    running.push(d);
    expect(await d.exited).to.equal(1);
    expect(d.stderr.trim().split('\n'), d.stderr).to.have.length(1);
    expect(d.stderr).to.include('pending migrations').and.include('codex-auth migrate');
    expect(d.stdout + d.stderr).to.not.match(SQL);
    events(d);
  });

  it('waits for a database that is down at start, one JSON line per attempt, then runs', async () => {
    const app = await openApplication({ ...BASE_ENV, DATABASE_URL: database!.url });
    await app.close();
    await proxy.cut();
    const d = daemon({ ...env, DATABASE_STARTUP_TIMEOUT: '60' });
    running.push(d);
    await waitFor('two attempts', () => named(d, 'database_unreachable').length >= 2, 20_000);
    const attempt = named(d, 'database_unreachable')[0]!;
    expect(attempt).to.include({ level: 'warn', attempt: 1, error_code: 'ECONNREFUSED' });
    expect(attempt['retry_in_ms']).to.be.a('number');
    await proxy.restore();
    await waitFor('the worker to start', () => named(d, 'worker_started').length === 1, 20_000);
    d.child.kill('SIGTERM');
    expect(await d.exited).to.equal(0);
    expect(d.stderr).to.equal('');
  });

  it('gives up after DATABASE_STARTUP_TIMEOUT with one clear line and exit 1', async () => {
    await proxy.cut();
    const d = daemon({ ...env, DATABASE_STARTUP_TIMEOUT: '2' });
    running.push(d);
    const started = Date.now();
    expect(await d.exited).to.equal(1);
    expect(Date.now() - started).to.be.lessThan(15_000);
    expect(d.stderr.trim().split('\n'), d.stderr).to.have.length(1);
    expect(d.stderr).to.match(
      /^error: the worker could not start: the database .* did not answer within 2 s/,
    );
    expect(named(d, 'database_unreachable').length).to.be.at.least(2);
  });

  it('says once that the database is gone and once that it is back, with codes and no SQL', async () => {
    const app = await openApplication({ ...BASE_ENV, DATABASE_URL: database!.url });
    await app.close();
    const d = daemon(env);
    running.push(d);
    await waitFor('the worker to start', () => named(d, 'worker_started').length === 1, 20_000);
    await proxy.cut();
    // Several polls (1 s apart) fail while it is cut.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const lost = named(d, 'database_unavailable');
    expect(lost, d.stdout).to.have.length(1);
    expect(lost[0]).to.include({ level: 'warn' });
    expect(lost[0]!['error_code']).to.be.a('string');
    expect(named(d, 'worker_task_failed')).to.deep.equal([]);
    await proxy.restore();
    await waitFor('the database to be back', () => named(d, 'database_available').length === 1, 10_000);
    d.child.kill('SIGTERM');
    expect(await d.exited).to.equal(0);
    expect(d.stdout).to.not.match(SQL);
  });
});

describe('worker daemon: stopped while waiting for the database', () => {
  it('ends at once with 0, having started nothing', async () => {
    let stderr = '';
    const io = {
      stderr: { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream,
      // SIGTERM half a second into a start-up that would otherwise wait a minute.
      stopSignal: () => new Promise<string>((resolve) => setTimeout(resolve, 500, 'SIGTERM')),
    };
    const started = Date.now();
    const code = await runDaemon(
      {
        ...BASE_ENV,
        LOG_LEVEL: 'error',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        DATABASE_STARTUP_TIMEOUT: '60',
      },
      io,
    );
    expect(code).to.equal(0);
    expect(Date.now() - started).to.be.lessThan(5000);
    expect(stderr).to.equal('');
  });
});
