import { expect } from 'chai';
import { APP_TOKENS, type Application } from '@codex-auth/composition';
import { DeliverOutbox, type DomainDependencies } from '@codex-auth/domain';
import { truncateAll } from '@codex-auth/adapters-pg/testing';
import { createWorker, type Worker } from '../src/index.js';
import {
  captureLogger,
  openApplication,
  openBackend,
  outboxCounts,
  queueResetEmails,
  waitFor,
  type Backend,
  type Env,
  type LogLine,
} from './support/backend.js';
import { resetTokenIn, startSmtpServer, type TestSmtpServer } from '@codex-auth/adapters-mail/testing';
import { databaseOf } from '@codex-auth/composition/testing';

const FAST = { outboxPollIntervalMs: 20, heartbeatIntervalMs: 60_000, cleanupIntervalMs: 60_000 } as const;

// One database, application and SMTP server for the suite (opening the embedded database takes
// seconds); each test starts from empty tables, a well-behaved server and no log lines.
describe('worker (createWorker over a composed application)', function () {
  this.timeout(60_000);
  let backend: Backend;
  let smtp: TestSmtpServer;
  let env: Env;
  let app: Application;
  let lines: LogLine[];
  let worker: Worker | undefined;

  before(async () => {
    backend = await openBackend('codex-worker');
    smtp = await startSmtpServer();
    env = { ...backend.env, SMTP_URL: smtp.url };
    const captured = captureLogger();
    lines = captured.lines;
    app = await openApplication(env, captured.logger);
  });
  after(async () => {
    await app.close();
    await smtp.close();
    await backend.dispose();
  });
  beforeEach(async () => {
    await truncateAll(databaseOf(app).knex);
    smtp.reset();
    lines.length = 0;
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  it('sends a reset email whose link resets the password', async () => {
    const [email] = await queueResetEmails(app, 1);
    worker = createWorker(app, { ...FAST, loops: ['outbox'] });
    worker.start();
    await waitFor('the email', () => smtp.received.length === 1);
    const [mail] = smtp.received;
    expect(mail?.to).to.deep.equal([email]);
    expect(mail?.raw).to.include('Subject: Reset your Codex Auth password');
    expect(mail?.raw.replace(/=\r?\n/g, '')).to.include('https://app.example.test/reset-password?token=3D');
    await waitFor('the job to be done', async () => (await outboxCounts(app)).done === 1);
    expect(worker.stats).to.include({ emailsSent: 1, emailsRetried: 0, emailsFailed: 0, batches: 1 });

    const reset = await app.useCases.resetPassword.execute({
      token: resetTokenIn(mail!.raw),
      password: 'a brand new password 2',
    });
    expect(reset.ok, JSON.stringify(reset)).to.equal(true);
    const login = await app.useCases.login.execute({ email: email!, password: 'a brand new password 2' });
    expect(login.ok).to.equal(true);
    // Once sent, the job keeps no usable token.
    const [row] = await databaseOf(app).knex('outbox').select('message');
    expect(JSON.stringify(row)).to.not.include(resetTokenIn(mail!.raw));
  });

  it('retries a 4xx refusal with backoff, then gives up; nothing is lost', async () => {
    // flaky@ is refused twice, then accepted; busy@ is always refused.
    smtp.reset({
      reply: (rcpt, tries) =>
        rcpt.startsWith('busy') || tries < 2 ? { code: 451, message: 'mailbox busy, try later' } : null,
    });
    await queueResetEmails(app, 1, 'flaky');
    await queueResetEmails(app, 1, 'busy');
    // The application's delivery waits 30 s before a retry; the same use case with a short backoff.
    const deps = app.container.get<DomainDependencies>(APP_TOKENS.DomainDependencies);
    const deliverOutbox = new DeliverOutbox({
      ...deps,
      delivery: { ...deps.delivery, maxAttempts: 3, baseBackoffMs: 20 },
    });
    worker = createWorker(app, { ...FAST, loops: ['outbox'], deliverOutbox });
    worker.start();
    await waitFor('both jobs to finish', async () => {
      const counts = await outboxCounts(app);
      return counts.done === 1 && counts.failed === 1;
    });
    expect(smtp.received.map((m) => m.to[0])).to.deep.equal(['flaky0@example.test']);
    expect(worker.stats).to.include({ emailsSent: 1, emailsRetried: 4, emailsFailed: 1 });
    const failed = await databaseOf(app)
      .knex('outbox')
      .whereNotNull('failed_at')
      .first('attempts', 'last_error');
    expect(failed).to.deep.include({ attempts: 3 });
    expect(String(failed.last_error)).to.match(/^SMTP 451/);
    expect(lines.filter((l) => l.event === 'email_retry')).to.have.length(4);
    expect(lines.filter((l) => l.event === 'email_failed')).to.have.length(1);
    expect(JSON.stringify(lines)).to.not.match(/token=/);
  });

  it('two workers on one database send each of many jobs exactly once', async function () {
    if (backend.kind === 'embedded') {
      console.log(
        '      skipped: two applications cannot share the embedded database: set TEST_DATABASE_URL to run this',
      );
      this.skip();
    }
    smtp.reset({ delayMs: 5 });
    const second = await openApplication(env);
    const emails = await queueResetEmails(app, 40);
    const workers = [
      createWorker(app, { ...FAST, batchSize: 4, loops: ['outbox'] }),
      createWorker(second, { ...FAST, batchSize: 4, loops: ['outbox'] }),
    ];
    try {
      for (const w of workers) w.start();
      await waitFor('40 emails', () => smtp.received.length >= 40);
      await Promise.all(workers.map((w) => w.stop()));
      const recipients = smtp.received.map((m) => m.to[0]);
      expect(recipients).to.have.length(40);
      expect(new Set(recipients).size).to.equal(40);
      expect([...recipients].sort()).to.deep.equal([...emails].sort());
      const sent = workers.map((w) => w.stats.emailsSent);
      expect(sent[0]! + sent[1]!).to.equal(40);
      expect(
        sent.every((n) => n > 0),
        `both workers sent: ${sent.join(' + ')}`,
      ).to.equal(true);
      expect(await outboxCounts(app)).to.deep.equal({ pending: 0, done: 40, failed: 0 });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await second.close();
    }
  });

  it('cleans refresh and reset tokens on schedule, and skips while another holds the lock', async () => {
    await queueResetEmails(app, 1);
    const login = await app.useCases.login.execute({
      email: 'user0@example.test',
      password: 'a long enough password 1',
    });
    if (!login.ok) throw new Error(login.message);
    await app.useCases.logout.execute({ refreshToken: login.value.refreshToken });
    await app.useCases.requestPasswordReset.execute({ email: 'user0@example.test' });
    await new Promise((resolve) => setTimeout(resolve, 20));

    const held = await app.locks.withAdvisoryLock('cleanup', async () => {
      worker = createWorker(app, {
        loops: ['cleanup'],
        cleanupInitialDelayMs: 0,
        cleanupIntervalMs: 50,
        cleanupGraceDays: 0,
      });
      worker.start();
      await waitFor('a skipped cleanup', () => lines.some((l) => l.event === 'cleanup_skipped'));
    });
    expect(held.acquired).to.equal(true);
    await waitFor('a cleanup', () => lines.some((l) => l.event === 'cleanup_done'));
    await worker!.stop();
    const done = lines.find((l) => l.event === 'cleanup_done');
    expect(done).to.include({ removed_expired: 0, removed_revoked: 1, grace_days: 0 });
    expect(worker!.stats.cleanupsRun).to.be.greaterThan(0);
    expect(worker!.stats.cleanupsSkipped).to.be.greaterThan(0);
    expect(worker!.stats.refreshTokensRemoved).to.equal(1);
  });

  it('logs a heartbeat with what was done since the last one', async () => {
    await queueResetEmails(app, 2);
    worker = createWorker(app, { ...FAST, heartbeatIntervalMs: 100, cleanupInitialDelayMs: 0 });
    worker.start();
    await waitFor(
      'the emails and the cleanup',
      () => worker!.stats.emailsSent === 2 && worker!.stats.cleanupsRun === 1,
    );
    const beatsSoFar = lines.filter((l) => l.event === 'worker_heartbeat').length;
    await waitFor(
      'two more heartbeats',
      () => lines.filter((l) => l.event === 'worker_heartbeat').length >= beatsSoFar + 2,
    );
    const beats = lines.filter((l) => l.event === 'worker_heartbeat');
    expect(beats.reduce((n, l) => n + Number(l.emails_sent), 0)).to.equal(2);
    expect(beats.reduce((n, l) => n + Number(l.cleanups_run), 0)).to.equal(1);
    expect(beats.at(-1)).to.include({ emails_sent: 0, cleanups_run: 0 });
    expect(beats[0]).to.have.keys(
      'event',
      'level',
      'message',
      'timestamp',
      'pid',
      'since_ms',
      'emails_sent',
      'emails_retried',
      'emails_failed',
      'emails_released',
      'cleanups_run',
      'cleanups_skipped',
      'errors',
    );
  });

  it('stops promptly, leaves no timer behind, and logs a failing database without dying', async () => {
    worker = createWorker(app, { ...FAST, heartbeatIntervalMs: 20 });
    worker.start();
    await databaseOf(app).knex.raw('ALTER TABLE outbox RENAME TO outbox_gone');
    await waitFor('a logged failure', () => lines.some((l) => l.event === 'worker_task_failed'));
    await databaseOf(app).knex.raw('ALTER TABLE outbox_gone RENAME TO outbox');
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).to.be.lessThan(1000);
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(after).to.be.lessThan(before);
    const count = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines.length).to.equal(count);
    expect(lines.at(-1)?.event).to.equal('worker_stopped');
    expect(worker.stats.errors).to.be.greaterThan(0);
  });

  it('refuses nonsense options', async () => {
    expect(() => createWorker(app, { batchSize: 0 })).to.throw(RangeError, /batchSize/);
    expect(() => createWorker(app, { outboxPollIntervalMs: Number.NaN })).to.throw(RangeError);
  });
});
