import { expect } from 'chai';
import { DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl, sslOptions } from '../src/index.js';

describe('parseDatabaseUrl', () => {
  it('accepts postgres://, postgresql:// and the seed’s postgresql+psycopg://', () => {
    for (const scheme of ['postgres', 'postgresql', 'postgresql+psycopg']) {
      const url = parseDatabaseUrl(`${scheme}://app:s3cret@db.internal:6543/codex`);
      expect(url).to.include({
        host: 'db.internal',
        port: 6543,
        user: 'app',
        password: 's3cret',
        database: 'codex',
      });
    }
  });

  it('defaults the port and host, and decodes percent-encoded parts', () => {
    const url = parseDatabaseUrl('postgres://me:p%40ss%2Fword@localhost/my%20db');
    expect(url).to.include({ host: 'localhost', port: 5432, password: 'p@ss/word', database: 'my db' });
    expect(parseDatabaseUrl('postgres:///codex?host=/var/run/postgresql')).to.include({
      host: '/var/run/postgresql',
      database: 'codex',
    });
    expect(parseDatabaseUrl('postgres://[::1]:5433/x')).to.include({ host: '::1', port: 5433 });
  });

  it('maps sslmode onto TLS options', () => {
    const ssl = (mode: string) => sslOptions(parseDatabaseUrl(`postgres://h/db?sslmode=${mode}`));
    expect(sslOptions(parseDatabaseUrl('postgres://h/db'))).to.equal(false);
    expect(ssl('disable')).to.equal(false);
    expect(ssl('require')).to.deep.equal({ rejectUnauthorized: false });
    expect(ssl('no-verify')).to.deep.equal({ rejectUnauthorized: false });
    const verifyCa = ssl('verify-ca');
    expect(verifyCa).to.include({ rejectUnauthorized: true });
    expect(verifyCa).to.have.property('checkServerIdentity').that.is.a('function');
    expect(ssl('verify-full')).to.deep.equal({ rejectUnauthorized: true });
  });

  it('refuses sslmodes node-postgres cannot honour, and unknown ones', () => {
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=prefer')).to.throw(
      DatabaseUrlError,
      /prefer is not supported/,
    );
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=maybe')).to.throw(
      DatabaseUrlError,
      /unknown sslmode/,
    );
  });

  it('rejects bad URLs with a clear message that never shows the password', () => {
    const cases = [
      ['mysql://root:hunter2@db/app', /unsupported scheme 'mysql:\/\/'/],
      ['hunter2', /not a valid URL/],
      ['postgres://u:hunter2@db:99999/app', /not a valid URL|invalid port/],
      ['postgres://u:hunter2@db:0/app', /invalid port/],
      ['postgres://u:hunter2@db:abc/app', /not a valid URL|invalid port/],
      ['postgres://u:hunter2%zz@db/app', /percent-encoded password/],
      ['postgres://u:hunter2@db/app?connect_timeout=soon', /connect_timeout/],
    ] as const;
    for (const [raw, message] of cases) {
      let error: unknown;
      try {
        parseDatabaseUrl(raw);
      } catch (e) {
        error = e;
      }
      expect(error, raw).to.be.instanceOf(DatabaseUrlError);
      const e = error as DatabaseUrlError;
      expect(e.message).to.match(message);
      expect(`${e.message} ${e.stack} ${JSON.stringify(e)} ${String(e.cause)}`).not.to.include('hunter2');
    }
  });

  it('gives a display form with the password masked', () => {
    const url = parseDatabaseUrl('postgresql+psycopg://app:s3cret@db:5432/codex?sslmode=require');
    expect(url.display).to.equal('postgres://app:***@db:5432/codex?sslmode=require');
    expect(redactDatabaseUrl('postgres://app:s3cret@db/codex')).not.to.include('s3cret');
    expect(redactDatabaseUrl('nonsense s3cret')).to.equal('<unparseable DATABASE_URL>');
  });

  it('honours application_name and connect_timeout', () => {
    const url = parseDatabaseUrl('postgres://h/db?application_name=worker&connect_timeout=3');
    expect(url).to.include({ applicationName: 'worker', connectTimeoutSeconds: 3 });
  });
});
