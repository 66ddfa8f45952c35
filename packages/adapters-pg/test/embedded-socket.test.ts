import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { createDatabase, type Database } from '../src/index.js';
import { STARTUP_TIMEOUT_MS } from './support/backends.js';

const ADA = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ada@example.com',
  passwordHash: 'hash',
  role: 'admin' as const,
  status: 'approved' as const,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  approvedAt: null,
  tokensValidAfter: null,
  locale: 'en' as const,
};

const SOCKET_DIR = 'pglite.socket';
const SOCKET = join(SOCKET_DIR, '.s.PGSQL.5432');

/** A raw client of the socket, for what the adapter never does (a transaction left open, a crash). */
function rawClient(dataDir: string): pg.Client {
  return new pg.Client({
    host: join(dataDir, SOCKET_DIR),
    port: 5432,
    user: 'postgres',
    database: 'postgres',
  });
}

const settled = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(resolve, ms, false))]);

describe('the embedded database shared over its socket (the web process and the CLI)', function () {
  this.timeout(STARTUP_TIMEOUT_MS);
  let dataDir: string;
  let web: Database | undefined;
  const clients: Database[] = [];

  // knex's own warnings (a refused connection, once the web process has gone) are expected here.
  const quiet = {
    warn: () => undefined,
    error: () => undefined,
    debug: () => undefined,
    deprecate: () => undefined,
  };
  const client = async () => {
    const db = await createDatabase({ dataDir, log: quiet });
    clients.push(db);
    return db;
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'codex-auth-share-'));
    // A short hold limit, for the test of a client that keeps the session.
    web = await createDatabase({ dataDir, share: true, shareHoldLimitMs: 1500 });
    await web.migrateLatest();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((db) => db.close()));
  });

  after(async () => {
    await web?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on a Unix socket only its user can reach, and says where in DATA_DIR', () => {
    expect(statSync(join(dataDir, SOCKET_DIR)).mode & 0o777, 'the directory').to.equal(0o700);
    expect(statSync(join(dataDir, SOCKET)).isSocket()).to.equal(true);
    expect(statSync(join(dataDir, SOCKET)).mode & 0o777, 'the socket').to.equal(0o600);
    const endpoint = JSON.parse(readFileSync(join(dataDir, 'pglite.server.json'), 'utf8')) as unknown;
    expect(endpoint).to.deep.equal({ pid: process.pid, socketDir: join(dataDir, SOCKET_DIR) });
    expect(statSync(join(dataDir, 'pglite.server.json')).mode & 0o777).to.equal(0o600);
  });

  it('turns away another user of the machine, even where DATA_DIR itself is open to all', async function () {
    // Only root can run a process as somebody else; for anyone else, the modes above are the test.
    if (process.getuid?.() !== 0) this.skip();
    chmodSync(dataDir, 0o755);
    const probe = `require('node:net').connect(${JSON.stringify(join(dataDir, SOCKET))})
      .on('connect', () => { console.log('connected'); process.exit(0); })
      .on('error', (error) => { console.log(error.code); process.exit(0); });`;
    // As `nobody`: a Node binary that user may run (ours may sit in a checkout only we can enter,
    // as in CI's private temporary directory), from a directory it may enter.
    const asNobody = (node: string) =>
      new Promise<{ ok: boolean; out: string }>((resolve) =>
        execFile(node, ['-e', probe], { uid: 65534, gid: 65534, cwd: '/' }, (error, stdout) =>
          resolve({ ok: error === null, out: stdout.trim() }),
        ),
      );
    let answer: string | undefined;
    for (const node of [process.execPath, '/usr/bin/node', '/usr/local/bin/node']) {
      if (!existsSync(node)) continue;
      const run = await asNobody(node);
      if (run.ok) {
        answer = run.out;
        break;
      }
    }
    if (answer === undefined) this.skip();
    expect(answer).to.equal('EACCES');
    // The same probe as this user connects: the refusal above is the permissions'.
    const own = await new Promise<string>((resolve) =>
      execFile(process.execPath, ['-e', probe], (_error, stdout) => resolve(stdout.trim())),
    );
    expect(own).to.equal('connected');
  });

  it('lets a second opener in through the socket: the same data, both ways', async () => {
    const cli = await client();
    expect(cli.kind).to.equal('embedded');
    expect(cli.location).to.equal(`${join(dataDir, 'pglite')}, shared by the web process ${process.pid}`);
    expect(await cli.ping()).to.equal(true);
    expect((await cli.migrationStatus()).pending).to.deep.equal([]);
    expect(await cli.migrateLatest(), 'migrate through the socket: nothing to do').to.deep.equal([]);

    await web!.uow.run((s) => s.users.add(ADA));
    expect(await cli.uow.run((s) => s.users.findById(ADA.id))).to.deep.equal(ADA);
    await cli.uow.run(async (s) => {
      const user = await s.users.findById(ADA.id);
      await s.users.update({ ...user!, status: 'disabled' });
    });
    expect((await web!.uow.run((s) => s.users.findById(ADA.id)))?.status).to.equal('disabled');
    await web!.knex('users').delete();
  });

  it("keeps everyone's queries and transactions apart when the web process and two clients run at once", async () => {
    const dbs = { web: web!, one: await client(), two: await client() };
    await web!.knex.raw('create table if not exists tally (who text, n int)');
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      for (const [who, db] of Object.entries(dbs)) {
        // Extended protocol with parameters, a statement text of each its own: another's Parse between
        // this Parse and Bind would bind these values to that statement, and answer its `who`.
        work.push(
          db.knex.raw(`select ?::int + 1 as n, '${who}' as who`, [i]).then((result: { rows: unknown[] }) => {
            expect(result.rows.map((r) => ({ ...(r as object) }))).to.deep.equal([{ n: i + 1, who }]);
          }),
        );
        // A transaction sees its own row only: every other one is deleted before it commits.
        work.push(
          db.knex.transaction(async (trx) => {
            await trx('tally').insert({ who, n: i });
            const rows: { count: unknown }[] = await trx('tally').count('* as count');
            expect(Number(rows[0]!.count)).to.equal(1);
            await trx('tally').where({ who, n: i }).delete();
          }),
        );
      }
    }
    await Promise.all(work);
    expect(Number((await web!.knex('tally').count('* as c'))[0]!.c)).to.equal(0);
    await web!.knex.raw('drop table tally');
  });

  it("holds the web process's queries while a client's transaction runs, and only that long", async () => {
    const cli = await client();
    const trx = await cli.knex.transaction();
    await trx.raw('create table held (x int)');
    const webQuery = web!.knex.raw('select count(*) from pg_tables');
    expect(await settled(webQuery, 300), 'waits for the transaction').to.equal(false);
    await trx.rollback();
    expect(await settled(webQuery, 1000), 'then runs').to.equal(true);
    expect(await web!.knex.schema.hasTable('held')).to.equal(false);
  });

  it('rolls back and frees the session when a client dies in a transaction', async () => {
    const raw = rawClient(dataDir);
    raw.on('error', () => undefined);
    await raw.connect();
    await raw.query('BEGIN');
    await raw.query('CREATE TABLE orphan (x int)');
    const webQuery = web!.knex.raw('select 1');
    expect(await settled(webQuery, 200)).to.equal(false);
    // As a killed CLI: the connection just ends, no COMMIT, no Terminate.
    (raw as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect(await settled(webQuery, 2000)).to.equal(true);
    expect(await web!.knex.schema.hasTable('orphan')).to.equal(false);
  });

  it('disconnects a client that keeps the session past the hold limit, so the web process goes on', async () => {
    const raw = rawClient(dataDir);
    const errors: Error[] = [];
    raw.on('error', (error) => errors.push(error));
    await raw.connect();
    await raw.query('BEGIN');
    await raw.query('CREATE TABLE forgotten (x int)');
    const started = Date.now();
    await web!.knex.raw('select 1');
    expect(Date.now() - started).to.be.within(500, 4000);
    expect(await web!.knex.schema.hasTable('forgotten')).to.equal(false);
    let failure: unknown;
    await raw.query('COMMIT').catch((error: unknown) => (failure = error));
    expect(failure, 'its connection is gone').to.be.instanceOf(Error);
    await raw.end().catch(() => undefined);
  });

  it('refuses to undo migrations through the socket, saying what to do', async () => {
    const cli = await client();
    for (const attempt of [cli.migrateDown(), cli.rollbackAll()]) {
      let refusal = '';
      await attempt.catch((error: Error) => (refusal = error.message));
      expect(refusal).to.equal(
        `the embedded database is in use by the web process ${process.pid}: stop it (Ctrl-C), then undo migrations`,
      );
    }
    expect((await web!.migrationStatus()).pending).to.deep.equal([]);
  });

  it('opens unshared, saying why, where no socket can be made; others are then told what to do', async () => {
    const other = mkdtempSync(join(tmpdir(), 'codex-auth-nosocket-'));
    // No directory for the socket in DATA_DIR (a file is in the way), none in the temporary directory.
    writeFileSync(join(other, SOCKET_DIR), '');
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = join(other, 'missing');
    const failures: Error[] = [];
    let holder: Database | undefined;
    try {
      holder = await createDatabase({ dataDir: other, share: true, onShareFailed: (e) => failures.push(e) });
      expect(failures).to.have.length(1);
      expect(failures[0]!.message).to.include(join(other, 'missing'));
      expect(existsSync(join(other, 'pglite.server.json'))).to.equal(false);
      expect(await holder.ping()).to.equal(true);

      // Held without being served (as by a CLI command or a worker, which never share).
      let refusal = '';
      await createDatabase({ dataDir: other }).catch((e: Error) => (refusal = e.message));
      expect(refusal).to.equal(
        `the embedded database in ${join(other, 'pglite')} is in use by process ${process.pid}, which does not ` +
          'share it (only the web process, `pnpm start`, does): wait for it to finish or stop it, then try again; ' +
          `or set DATABASE_URL to use a PostgreSQL server. If no process ${process.pid} is running, delete ` +
          `${join(other, 'pglite.lock')}.`,
      );
      // A web process coming second never becomes another's client, served or not.
      for (const held of [other, dataDir]) {
        await createDatabase({ dataDir: held, share: true }).catch((e: Error) => (refusal = e.message));
        expect(refusal).to.equal(
          `the embedded database in ${join(held, 'pglite')} is in use by process ${process.pid} (a CLI command, ` +
            'a worker or another web process): stop it, then start the web process again. Started after the web ' +
            'process, the CLI and the worker share its database instead. To run several web processes, set ' +
            `DATABASE_URL. If no process ${process.pid} is running, delete ${join(held, 'pglite.lock')}.`,
        );
      }
    } finally {
      process.env.TMPDIR = savedTmp;
      if (savedTmp === undefined) delete process.env.TMPDIR;
      await holder?.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('removes its socket and endpoint on close; the next opener then holds the database itself', async () => {
    const cli = await client();
    await web!.close();
    web = undefined;
    expect(existsSync(join(dataDir, SOCKET))).to.equal(false);
    expect(existsSync(join(dataDir, 'pglite.server.json'))).to.equal(false);
    // A client left connected learns that the database went away, as from a stopped server.
    let failure: unknown;
    await cli.uow.run((s) => s.users.count()).catch((error: unknown) => (failure = error));
    expect((failure as Error).name).to.equal('StoreUnavailable');

    web = await createDatabase({ dataDir });
    expect(web.location).to.equal(join(dataDir, 'pglite'));
  });
});
