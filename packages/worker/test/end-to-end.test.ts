import { expect } from 'chai';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Application } from '@codex-auth/composition';
import { createHttpApp, httpDependencies, type HttpApp } from '@codex-auth/http';
import { createWorker, type Worker } from '../src/index.js';
import { openApplication, openBackend, waitFor, type Backend } from './support/backend.js';
import { resetTokenIn, startSmtpServer, type TestSmtpServer } from '@codex-auth/adapters-mail/testing';

describe('password reset end to end: HTTP → outbox → worker → SMTP → HTTP', function () {
  this.timeout(60_000);
  let backend: Backend;
  let smtp: TestSmtpServer;
  let app: Application;
  let http: HttpApp;
  let server: Server;
  let worker: Worker;
  let base: string;

  before(async () => {
    backend = await openBackend('codex-e2e');
    smtp = await startSmtpServer();
    app = await openApplication({ ...backend.env, SMTP_URL: smtp.url });
    http = createHttpApp(httpDependencies(app));
    const handle = http.callback();
    server = createServer((req, res) => void handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/auth`;
    // As the web process does in embedded mode: the worker's loops in the same process.
    worker = createWorker(app, { outboxPollIntervalMs: 20 });
    worker.start();
  });
  after(async () => {
    await worker.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await http.close();
    await app.close();
    await smtp.close();
    await backend.dispose();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('a user who forgot the password gets an email, resets, and logs in with the new password', async () => {
    const created = await app.useCases.createUser.execute({
      email: 'forgetful@example.test',
      password: 'the old password 123',
    });
    expect(created.ok).to.equal(true);

    const forgot = await post('/forgot-password', { email: 'Forgetful@Example.test' });
    expect(forgot.status).to.equal(202);
    await waitFor('the reset email', () => smtp.received.length === 1);
    const [mail] = smtp.received;
    expect(mail?.to).to.deep.equal(['forgetful@example.test']);
    const token = resetTokenIn(mail!.raw);

    const reset = await post('/reset-password', { token, password: 'the new password 456' });
    expect(reset.status, await reset.clone().text()).to.equal(200);
    expect(await reset.json()).to.deep.equal({ detail: 'password updated' });
    const again = await post('/reset-password', { token, password: 'yet another password 789' });
    expect(again.status).to.equal(400);

    const oldLogin = await post('/login', {
      email: 'forgetful@example.test',
      password: 'the old password 123',
    });
    expect(oldLogin.status).to.equal(401);
    const login = await post('/login', { email: 'forgetful@example.test', password: 'the new password 456' });
    expect(login.status).to.equal(200);
    expect(await login.json()).to.have.property('access_token');
  });
});
