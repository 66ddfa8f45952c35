import { expect } from 'chai';
import { CONFIG_VARIABLES, ConfigError, loadConfig, parseRateLimits } from '@codex-auth/composition';

const SECRET = 'x'.repeat(40);

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs on defaults in development', () => {
    const config = loadConfig({});
    expect(config).to.deep.include({
      env: 'development',
      production: false,
      dataDir: './.data',
      secretKey: undefined,
      redisUrl: undefined,
    });
    expect(config.http).to.deep.include({
      port: 8000,
      host: '127.0.0.1',
      trustProxyHops: 0,
      requestTimeoutMs: 60_000,
      webConcurrency: 1,
    });
    expect(config.auth).to.deep.equal({
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 604_800,
      refreshReuseGraceSeconds: 10,
      passwordMinLength: 12,
      passwordResetTtlSeconds: 3600,
      passwordResetPerAccount: [{ max: 3, windowSeconds: 3600 }],
      registration: 'open',
    });
    expect(config.rateLimits.login).to.deep.equal([{ max: 5, durationMs: 60_000 }]);
    expect(config.rateLimits.forgotPassword).to.deep.equal([
      { max: 5, durationMs: 60_000 },
      { max: 30, durationMs: 3_600_000 },
    ]);
    expect(config.worker.heartbeatIntervalSeconds).to.equal(30);
    expect(config.database).to.include({ connectTimeoutMs: 5000, startupTimeoutMs: 60_000 });
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql+psycopg://u:p@db/app',
      DATABASE_POOL_MAX: '4',
      DATABASE_CONNECT_TIMEOUT: '3',
      DATABASE_STARTUP_TIMEOUT: '0',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      REGISTRATION: 'closed',
      REFRESH_REUSE_GRACE_SECONDS: '0',
      LOGIN_RATE_LIMIT: '3 per minute',
      PASSWORD_RESET_PER_ACCOUNT_LIMIT: '2/hour;5/day',
      TRUST_PROXY: '1',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SMTP_URL: 'smtp://mail:25',
      APP_BASE_URL: 'https://auth.example',
    });
    expect(config.http).to.deep.include({
      port: 9000,
      host: '0.0.0.0',
      trustProxyHops: 1,
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
    expect(config.database).to.deep.equal({
      url: 'postgresql+psycopg://u:p@db/app',
      poolMax: 4,
      connectTimeoutMs: 3000,
      startupTimeoutMs: 0,
    });
    expect(config.auth.registration).to.equal('closed');
    expect(config.auth.refreshReuseGraceSeconds).to.equal(0);
    expect(config.rateLimits.login).to.deep.equal([{ max: 3, durationMs: 60_000 }]);
    expect(config.auth.passwordResetPerAccount).to.deep.equal([
      { max: 2, windowSeconds: 3600 },
      { max: 5, windowSeconds: 86_400 },
    ]);
    expect(config.mail).to.deep.equal({
      smtpUrl: 'smtp://mail:25',
      productName: 'Codex Auth',
      from: 'Codex Auth <no-reply@localhost>',
      appBaseUrl: 'https://auth.example',
      maxAttempts: 8,
    });
  });

  it('points reset links in development where the web process listens, unless APP_BASE_URL says', () => {
    const base = (env: Record<string, string>) => loadConfig(env).mail.appBaseUrl;
    expect(base({})).to.equal('http://localhost:8000');
    expect(base({ PORT: '9123' })).to.equal('http://localhost:9123');
    expect(base({ HOST: '0.0.0.0', PORT: '9000' })).to.equal('http://localhost:9000');
    expect(base({ HOST: '::', PORT: '9000' })).to.equal('http://localhost:9000');
    expect(base({ HOST: '192.168.1.20', PORT: '9000' })).to.equal('http://192.168.1.20:9000');
    expect(base({ HOST: 'devbox.lan' })).to.equal('http://devbox.lan:8000');
    expect(base({ HOST: '::1', PORT: '9000' })).to.equal('http://[::1]:9000');
    expect(base({ NODE_ENV: 'test', PORT: '8100' })).to.equal('http://localhost:8100');
    expect(base({ PORT: '9000', APP_BASE_URL: 'https://front.example' })).to.equal('https://front.example');
  });

  it('leaves APP_BASE_URL unset in production, where only the operator knows the public address', () => {
    const env = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', SECRET_KEY: SECRET };
    expect(loadConfig(env).mail.appBaseUrl).to.equal(undefined);
    expect(loadConfig({ ...env, APP_BASE_URL: 'https://auth.example' }).mail.appBaseUrl).to.equal(
      'https://auth.example',
    );
  });

  it('names the product and the sender after APP_NAME unless MAIL_FROM says otherwise', () => {
    expect(loadConfig({}).mail).to.include({
      productName: 'Codex Auth',
      from: 'Codex Auth <no-reply@localhost>',
    });
    expect(loadConfig({ APP_NAME: 'Acme ID' }).mail).to.include({
      productName: 'Acme ID',
      from: 'Acme ID <no-reply@localhost>',
    });
    // A name with a reserved character is quoted, so it cannot turn into a second address.
    expect(loadConfig({ APP_NAME: 'Acme, Inc. "Auth"' }).mail.from).to.equal(
      '"Acme, Inc. \\"Auth\\"" <no-reply@localhost>',
    );
    expect(loadConfig({ APP_NAME: 'Acme', MAIL_FROM: 'Acme <auth@acme.example>' }).mail.from).to.equal(
      'Acme <auth@acme.example>',
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' }).http.port).to.equal(8000);
  });

  it('lists every bad variable at once, by name', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      ACCESS_TOKEN_TTL: '-5',
      REGISTRATION: 'maybe',
      LOGIN_RATE_LIMIT: 'lots',
      PASSWORD_RESET_PER_ACCOUNT_LIMIT: '0/hour',
      REDIS_URL: 'http://x',
    });
    expect(problems.map((p) => p.split(':')[0])).to.have.members([
      'PORT',
      'ACCESS_TOKEN_TTL',
      'REGISTRATION',
      'LOGIN_RATE_LIMIT',
      'PASSWORD_RESET_PER_ACCOUNT_LIMIT',
      'REDIS_URL',
    ]);
    expect(() => loadConfig({ PORT: 'eighty' })).to.throw(ConfigError, /PORT/);
  });

  it('refuses to start in production without a database or a strong secret', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).to.have.length(2);
    expect(problems.join('\n'))
      .to.match(/DATABASE_URL: required in production/)
      .and.match(/SECRET_KEY: required in production/);
    expect(
      problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', SECRET_KEY: 'short' }),
    ).to.deep.equal(['SECRET_KEY: must be at least 32 bytes']);
    expect(
      problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', SECRET_KEY: SECRET }),
    ).to.deep.equal([]);
  });

  it('never echoes a secret in its errors', () => {
    const problems = problemsOf({ SECRET_KEY: 'hunter2-too-short', JWT_SECRET: 'also-too-short-secret' });
    expect(problems.join('\n')).to.not.include('hunter2').and.not.include('also-too-short');
  });

  it('refuses several web processes in production without Redis for the rate limits', () => {
    const base = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/app',
      SECRET_KEY: SECRET,
      WEB_CONCURRENCY: '4',
    };
    expect(problemsOf(base)[0]).to.match(/^WEB_CONCURRENCY: .*REDIS_URL/);
    expect(problemsOf({ ...base, REDIS_URL: 'redis://r:6379' })).to.deep.equal([]);
  });

  it('wants a refresh lifetime longer than the access lifetime', () => {
    expect(problemsOf({ ACCESS_TOKEN_TTL: '600', REFRESH_TOKEN_TTL: '600' })[0]).to.match(
      /^REFRESH_TOKEN_TTL/,
    );
  });
});

describe('CONFIG_VARIABLES', () => {
  it('names the variables loadConfig reads, and no others', () => {
    expect(CONFIG_VARIABLES).to.include.members([
      'NODE_ENV',
      'DATABASE_URL',
      'SECRET_KEY',
      'REDIS_URL',
      'SMTP_URL',
    ]);
    expect(CONFIG_VARIABLES).not.to.include('ADMIN_PASSWORD');
  });
});

describe('parseRateLimits', () => {
  it("reads the seed's notation", () => {
    expect(parseRateLimits('5/minute;30/hour')).to.deep.equal([
      { max: 5, durationMs: 60_000 },
      { max: 30, durationMs: 3_600_000 },
    ]);
    expect(parseRateLimits('10/15minutes')).to.deep.equal([{ max: 10, durationMs: 900_000 }]);
    expect(parseRateLimits('100 per day; 2/second')).to.deep.equal([
      { max: 100, durationMs: 86_400_000 },
      { max: 2, durationMs: 1000 },
    ]);
  });

  it('refuses what it cannot read', () => {
    for (const bad of ['', ';', 'five/minute', '5/fortnight', '0/minute', '5/0minutes']) {
      expect(() => parseRateLimits(bad), bad).to.throw();
    }
  });
});
