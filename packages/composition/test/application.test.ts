import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APP_TOKENS,
  createApplication,
  createDevMailbox,
  createMailer,
  ensureDevelopmentAdmin,
  loadConfig,
  resolveSecrets,
  type Application,
} from '@codex-auth/composition';
import { readEmail, startSmtpServer } from '@codex-auth/adapters-mail/testing';
import { announceSkip, createTestDatabase, findTestServer } from '@codex-auth/adapters-pg/testing';
import { databaseOf } from '../src/testing.js';
import { capture } from './support/capture.js';

describe('createApplication (embedded database)', function () {
  this.timeout(60_000);
  let dir: string;
  let app: Application | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'codex-composition-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('wires real adapters: register, approve and log in end to end, logging events without secrets', async () => {
    const { lines, logger } = capture();
    app = await createApplication(
      loadConfig({ DATA_DIR: dir, ARGON2_MEMORY_COST: '1024', ARGON2_TIME_COST: '1' }),
      { logger },
    );
    expect(app.storage.kind).to.equal('embedded');
    const registered = await app.useCases.registerUser.execute({
      email: 'wired@example.com',
      password: 'wired password 123',
    });
    if (!registered.ok) throw new Error(registered.code);
    expect((await app.useCases.approveUser.execute({ id: registered.value.id })).ok).to.equal(true);
    const login = await app.useCases.login.execute({
      email: 'wired@example.com',
      password: 'wired password 123',
    });
    if (!login.ok) throw new Error(login.code);
    expect(login.value.accessToken.split('.')).to.have.length(3);
    const principal = await app.useCases.authenticate.execute({ accessToken: login.value.accessToken });
    expect(principal.ok && principal.value.email).to.equal('wired@example.com');
    expect(lines.map((l) => l.event).filter(Boolean)).to.deep.equal([
      'register_ok',
      'user_approved',
      'login_ok',
    ]);
    const text = JSON.stringify(lines);
    expect(text).to.not.include('wired password 123').and.not.include(login.value.refreshToken);
    expect(app.container.get(APP_TOKENS.UseCases)).to.equal(app.useCases);
  });

  it('bounds reset emails per account by PASSWORD_RESET_PER_ACCOUNT_LIMIT, sealing what waits', async () => {
    app = await createApplication(
      loadConfig({
        DATA_DIR: dir,
        ARGON2_MEMORY_COST: '1024',
        ARGON2_TIME_COST: '1',
        PASSWORD_RESET_PER_ACCOUNT_LIMIT: '1/hour',
      }),
      { logger: capture().logger },
    );
    const created = await app.useCases.createUser.execute({
      email: 'limited@example.com',
      password: 'x'.repeat(12),
    });
    expect(created.ok).to.equal(true);
    for (let i = 0; i < 3; i++) {
      expect((await app.useCases.requestPasswordReset.execute({ email: 'limited@example.com' })).ok).to.equal(
        true,
      );
    }
    const report = await app.useCases.deliverOutbox.execute();
    expect(report.ok && report.value).to.deep.include({ claimed: 3, sent: 1, skipped: 2 });
    expect(await readdir(join(dir, 'mail'))).to.have.length(1);
    const saved = await app.devMailbox!.list(10);
    expect(saved.map((m) => [m.to, m.subject])).to.deep.equal([
      ['limited@example.com', 'Reset your Codex Auth password'],
    ]);
    const rows = await databaseOf(app).knex('outbox').select(databaseOf(app).knex.raw('message::text AS m'));
    expect(rows.map((r: { m: string }) => JSON.parse(r.m).type).sort()).to.deep.equal([
      'password_reset_email',
      'password_reset_requested',
      'password_reset_requested',
    ]);
  });

  it("sends each account's email in its language, named after APP_NAME, from MAIL_FROM, over SMTP", async () => {
    const smtp = await startSmtpServer();
    try {
      app = await createApplication(
        loadConfig({
          DATA_DIR: dir,
          ARGON2_MEMORY_COST: '1024',
          ARGON2_TIME_COST: '1',
          SMTP_URL: smtp.url,
          APP_NAME: 'Acme ID',
          MAIL_FROM: 'Acme ID <auth@acme.example>',
          PORT: '9123',
        }),
        { logger: capture().logger },
      );
      for (const [email, locale] of [
        ['ana@example.com', 'es'],
        ['bob@example.com', undefined],
      ] as const) {
        const created = await app.useCases.createUser.execute({
          email,
          password: 'x'.repeat(12),
          ...(locale === undefined ? {} : { locale }),
        });
        expect(created.ok).to.equal(true);
        await app.useCases.requestPasswordReset.execute({ email });
      }
      const report = await app.useCases.deliverOutbox.execute();
      expect(report.ok && report.value.sent).to.equal(2);
      const received = await Promise.all(smtp.received.map((m) => readEmail(m.raw)));
      const byTo = Object.fromEntries(received.map((m) => [m.to, m]));
      expect(byTo['ana@example.com']).to.include({
        from: '"Acme ID" <auth@acme.example>',
        subject: 'Restablece tu contraseña de Acme ID',
      });
      expect(byTo['ana@example.com']?.text)
        .to.include('Hola:')
        .and.match(/\nhttp:\/\/localhost:9123\/reset-password\?token=[\w-]+\n/)
        .and.include('— Acme ID');
      expect(byTo['bob@example.com']).to.include({ subject: 'Reset your Acme ID password' });
      expect(byTo['bob@example.com']?.text).to.include('Hello,').and.include('your Acme ID account');
      expect(smtp.received.map((m) => m.from)).to.deep.equal(['auth@acme.example', 'auth@acme.example']);
    } finally {
      await smtp.close();
    }
  });

  it('sends nothing in production without APP_BASE_URL: every send fails, retryably, saying why', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/app',
      SECRET_KEY: 's'.repeat(40),
      SMTP_URL: 'smtp://127.0.0.1:1',
    });
    const mailer = createMailer(config, capture().logger);
    const error = await mailer
      .send({ to: 'a@example.com', subject: 's', text: 't', html: 'h' })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error).and.have.property('message', 'APP_BASE_URL is not set');
    expect(error).to.not.have.property('permanent');
  });

  it('hands out the development mailbox outside production only', () => {
    expect(createDevMailbox(loadConfig({ DATA_DIR: dir }))).to.not.equal(undefined);
    const production = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/app',
      SECRET_KEY: 's'.repeat(40),
    });
    expect(createDevMailbox(production)).to.equal(undefined);
  });

  it('keeps a generated development secret in DATA_DIR, so tokens survive a restart', async () => {
    const config = loadConfig({ DATA_DIR: dir });
    const warnings: string[] = [];
    const first = await resolveSecrets(config, (m) => warnings.push(m));
    const second = await resolveSecrets(config, (m) => warnings.push(m));
    expect(first.source).to.equal('generated');
    expect(second).to.deep.equal({ secretKey: first.secretKey, source: 'data-dir' });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.not.include(first.secretKey);
    expect((await readFile(join(dir, 'secret_key'), 'utf8')).trim()).to.equal(first.secretKey);
    expect((await stat(join(dir, 'secret_key'))).mode & 0o777).to.equal(0o600);
  });
});

describe('ensureDevelopmentAdmin', function () {
  this.timeout(60_000);

  it('creates a random-password admin on an empty development database only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'codex-bootstrap-'));
    const { logger, lines } = capture();
    const app = await createApplication(
      loadConfig({ DATA_DIR: dir, ARGON2_MEMORY_COST: '1024', ARGON2_TIME_COST: '1' }),
      { logger },
    );
    try {
      const admin = await ensureDevelopmentAdmin(app);
      expect(admin?.email).to.equal('admin@example.com');
      expect(admin?.password).to.match(/^[A-Za-z0-9_-]{24}$/);
      const login = await app.useCases.login.execute({ email: admin!.email, password: admin!.password });
      expect(login.ok).to.equal(true);
      expect(await ensureDevelopmentAdmin(app), 'not again once accounts exist').to.equal(null);
      const other = await ensureDevelopmentAdmin({ ...app, config: { ...app.config, production: true } });
      expect(other).to.equal(null);
      expect(JSON.stringify(lines)).to.not.include(admin!.password);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is made by one of several processes starting on one new database together, the others show none', async function () {
    const server = await findTestServer();
    if (server === null) {
      announceSkip();
      return this.skip();
    }
    const database = await createTestDatabase(server.url, 'codex_dev_admin');
    const config = loadConfig({
      DATABASE_URL: database.url,
      SECRET_KEY: 'k'.repeat(48),
      ARGON2_MEMORY_COST: '1024',
      ARGON2_TIME_COST: '1',
    });
    const apps: Application[] = [];
    try {
      for (let i = 0; i < 3; i++)
        apps.push(await createApplication(config, { logger: capture().logger, migrate: i === 0 }));
      const made = await Promise.all(apps.map((app) => ensureDevelopmentAdmin(app)));
      expect(made.filter((admin) => admin !== null)).to.have.length(1);
      const admin = made.find((a) => a !== null)!;
      expect(
        (await apps[2]!.useCases.login.execute({ email: admin.email, password: admin.password })).ok,
      ).to.equal(true);
    } finally {
      for (const app of apps) await app.close();
      await database.drop();
    }
  });
});
