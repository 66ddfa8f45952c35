import { expect } from 'chai';
import { createWorker } from '../src/index.js';
import {
  openApplication,
  openBackend,
  outboxCounts,
  queueResetEmails,
  waitFor,
  type Backend,
} from './support/backend.js';
import { daemon, type Daemon } from './support/daemon.js';
import { startSmtpServer } from '@codex-auth/adapters-mail/testing';

function events(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('worker daemon (as a child process)', function () {
  this.timeout(60_000);
  let backend: Backend;
  const running: Daemon[] = [];

  beforeEach(async () => {
    backend = await openBackend('codex-daemon');
  });
  afterEach(async () => {
    for (const d of running.splice(0)) d.child.kill('SIGKILL');
    await backend.dispose();
  });

  it('refuses an invalid WORKER_HEARTBEAT_INTERVAL, and production without SMTP_URL or APP_BASE_URL, naming the variable', async () => {
    const bad = daemon({ ...backend.env, WORKER_HEARTBEAT_INTERVAL: 'often' });
    const noSmtp = daemon({
      ...backend.env,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      SECRET_KEY: 's'.repeat(40),
    });
    const noBaseUrl = daemon({
      ...backend.env,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      SECRET_KEY: 's'.repeat(40),
      SMTP_URL: 'smtp://127.0.0.1:1',
      APP_BASE_URL: '',
    });
    running.push(bad, noSmtp, noBaseUrl);
    expect(await noBaseUrl.exited).to.equal(1);
    expect(noBaseUrl.stderr).to.include('APP_BASE_URL').and.include('production');
    expect(noBaseUrl.stderr).to.not.include('SMTP_URL');
    expect(await bad.exited).to.equal(1);
    expect(bad.stderr).to.include('WORKER_HEARTBEAT_INTERVAL').and.include('whole number');
    expect(bad.stderr).to.not.match(/\n\s+at /);
    expect(await noSmtp.exited).to.equal(1);
    expect(noSmtp.stderr).to.include('SMTP_URL').and.include('production');
  });

  it('beats, and on SIGTERM mid-batch exits 0 within 10 s losing nothing', async () => {
    // Each message takes 300 ms to be accepted, so the signal lands in the middle of the batch.
    const smtp = await startSmtpServer({ delayMs: 300 });
    try {
      const env = { ...backend.env, SMTP_URL: smtp.url, WORKER_HEARTBEAT_INTERVAL: '1', LOG_LEVEL: 'info' };
      let app = await openApplication(env);
      const emails = await queueResetEmails(app, 12);
      // The embedded database admits one process at a time.
      await app.close();

      const worker = daemon(env);
      running.push(worker);
      await waitFor(
        'a heartbeat and a first email',
        () => events(worker.stdout).some((e) => e.event === 'worker_heartbeat') && smtp.received.length >= 1,
      );
      const signalled = Date.now();
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.stderr).to.equal(0);
      expect(Date.now() - signalled).to.be.lessThan(10_000);
      const log = events(worker.stdout);
      expect(log.map((e) => e.event)).to.include.members([
        'worker_started',
        'worker_heartbeat',
        'worker_stopping',
        'worker_stopped',
      ]);
      expect(log.find((e) => e.event === 'worker_heartbeat')).to.have.property('emails_sent');
      // Stopped mid-batch: the rest of the claimed batch was handed back unsent.
      expect(log.find((e) => e.event === 'outbox_released')?.jobs).to.be.greaterThan(0);
      expect(worker.stdout).to.not.match(/token=/);

      app = await openApplication(env);
      try {
        const sentByDaemon = smtp.received.length;
        expect(sentByDaemon).to.be.within(1, 9);
        // Every email the server accepted is marked done; the rest wait, none failed.
        expect(await outboxCounts(app)).to.deep.equal({
          done: sentByDaemon,
          pending: 12 - sentByDaemon,
          failed: 0,
        });

        // What the daemon handed back is claimable at once (no lease to wait out): another worker sends it.
        const next = createWorker(app, { loops: ['outbox'], outboxPollIntervalMs: 20 });
        next.start();
        await waitFor('the rest', () => smtp.received.length >= 12);
        await next.stop();
        const recipients = smtp.received.map((m) => m.to[0]);
        expect([...recipients].sort()).to.deep.equal([...emails].sort());
        expect(await outboxCounts(app)).to.deep.equal({ done: 12, pending: 0, failed: 0 });
      } finally {
        await app.close();
      }
    } finally {
      await smtp.close();
    }
  });
});
