import { expect } from 'chai';
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { loadConfig } from '@codex-auth/composition';
import { createHttpServer, handlersSettled } from '../src/index.js';
import { captureLogs } from './support/logs.js';

describe('a stopping web server waits for handlers, not only for connections', () => {
  it('handlersSettled resolves only after a handler whose client hung up has finished', async () => {
    const { logger } = captureLogs();
    let finishHandler!: () => void;
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const app = {
      callback: () => async () => {
        started();
        await new Promise<void>((resolve) => (finishHandler = resolve));
      },
    };
    const server = createHttpServer(app, { config: loadConfig({ NODE_ENV: 'test' }), logger });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await handlerStarted;

    // The client hangs up mid-request: the connection closes, so `close` completes…
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    socket.destroy();
    await closed;
    // …while the handler still runs: the database must not be closed under it yet.
    let settled = false;
    const waiting = handlersSettled(server).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).to.equal(false);
    finishHandler();
    await waiting;
    expect(settled).to.equal(true);
  });

  it('resolves at once when nothing runs', async () => {
    const { logger } = captureLogs();
    const server = createHttpServer(
      { callback: () => () => undefined },
      { config: loadConfig({ NODE_ENV: 'test' }), logger },
    );
    await handlersSettled(server);
  });
});
