import { expect } from 'chai';
import { isStoreUnavailable, StoreUnavailable } from '@codex-auth/domain';
import { classifyDatabaseError, createDatabase, isConnectionLoss, type Database } from '../src/index.js';
import {
  createTestDatabase,
  findTestServer,
  startTcpProxy,
  targetOf,
  type TcpProxy,
  type TestDatabase,
} from '../src/testing/index.js';

const silent = {
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  deprecate: () => undefined,
};

describe('connection-loss errors', () => {
  it('are told apart from errors about the query', () => {
    const lost = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
        name: 'KnexTimeoutError',
      }),
      new AggregateError([
        Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ]),
      new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
    ];
    for (const error of lost) expect(isConnectionLoss(error), error.message).to.equal(true);
    const notLost = [
      Object.assign(new Error('relation "users" does not exist'), { code: '42P01' }),
      Object.assign(new Error('duplicate key value'), { code: '23505' }),
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      new TypeError('x is undefined'),
      'a string',
      null,
    ];
    for (const error of notLost) expect(isConnectionLoss(error), String(error)).to.equal(false);
  });

  it('become a StoreUnavailable carrying the code; anything else is passed on untouched', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const classified = classifyDatabaseError(refused);
    expect(classified).to.be.instanceOf(StoreUnavailable);
    expect(classified).to.include({ code: 'ECONNREFUSED', cause: refused });
    const syntax = Object.assign(new Error('syntax error'), { code: '42601' });
    expect(classifyDatabaseError(syntax)).to.equal(syntax);
  });

  it('get a code of ours when the driver gives none, so every outage line has an error_code', () => {
    const timeout = Object.assign(
      new Error('Knex: Timeout acquiring a connection. The pool is probably full.'),
      {
        name: 'KnexTimeoutError',
      },
    );
    expect(classifyDatabaseError(timeout)).to.include({ code: 'POOL_TIMEOUT' });
    expect(classifyDatabaseError(new Error('Connection terminated unexpectedly'))).to.include({
      code: 'CONNECTION_TERMINATED',
    });
    expect(classifyDatabaseError(new Error('timeout expired'))).to.include({ code: 'DATABASE_UNAVAILABLE' });
  });
});

describe('Postgres lost and back, through a TCP proxy', function () {
  this.timeout(60_000);
  let database: TestDatabase | undefined;
  let proxy: TcpProxy;
  let db: Database;

  before(async function () {
    const server = await findTestServer();
    if (server === null) return this.skip();
    database = await createTestDatabase(server.url, 'codex_conn_loss');
    proxy = await startTcpProxy(targetOf(database.url, 5432));
    db = await createDatabase({ url: proxy.via(database.url), poolMax: 4, log: silent });
  });
  after(async () => {
    await db?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('fails queries fast with StoreUnavailable while cut, and serves again at once when restored', async () => {
    expect(await db.uow.run((scope) => scope.users.count().catch(() => -1))).to.be.a('number');
    await proxy.cut();
    const started = Date.now();
    const error = await db.uow.run((scope) => scope.users.findByEmail('someone@example.com')).catch((e) => e);
    expect(isStoreUnavailable(error), String(error)).to.equal(true);
    expect(Date.now() - started, 'fails fast').to.be.lessThan(2000);
    expect(await db.migrationStatus().catch((e) => e)).to.satisfy(isStoreUnavailable);
    expect(await db.ping()).to.equal(false);

    await proxy.restore();
    const restored = Date.now();
    while (!(await db.ping())) {
      expect(Date.now() - restored, 'recovers within 5 s').to.be.lessThan(5000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await db.migrateLatest();
    expect(await db.uow.run((scope) => scope.users.count())).to.equal(0);
  });

  it('a connection dropped mid-transaction is a StoreUnavailable too', async () => {
    const error = await db.uow
      .run(async (scope) => {
        await scope.users.count();
        await proxy.cut();
        return scope.users.count();
      })
      .catch((e) => e);
    await proxy.restore();
    expect(isStoreUnavailable(error), String(error)).to.equal(true);
  });

  it('errors about the query carry its SQLSTATE and message, never its text or bound values', async () => {
    const error = await db.knex
      .raw('SELECT * FROM no_such_table WHERE secret = ?', ['hunter2'])
      .catch((e) => e);
    expect(error.code).to.equal('42P01');
    expect(error.message).to.equal('relation "no_such_table" does not exist');
    expect(String(error.stack)).to.not.include('hunter2');
  });
});
