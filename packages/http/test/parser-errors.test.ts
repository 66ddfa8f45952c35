import { expect } from 'chai';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { loadConfig } from '@codex-auth/composition';
import { createHttpServer } from '../src/index.js';
import { captureLogs, settleLogs } from './support/logs.js';

/** Everything the server sends on one raw connection, until it closes it. */
async function exchange(port: number, chunks: readonly string[], pauseMs = 0): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = once(socket, 'close');
  for (const chunk of chunks) {
    if (socket.destroyed) break;
    socket.write(chunk);
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  await closed;
  return received;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any field
function parse(raw: string): { status: number; headers: Record<string, string>; body: any } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

describe("Node's HTTP parser errors answer problem+json with a request id", function () {
  this.timeout(15_000);
  let server: Server;
  let port: number;
  const { logger, lines } = captureLogs();
  const appCalls: string[] = [];

  before(async () => {
    // REQUEST_TIMEOUT bounds the header timeout too: 1 s keeps the slow-headers case short.
    const config = loadConfig({ NODE_ENV: 'test', REQUEST_TIMEOUT: '1' });
    const app = {
      callback: () => (req: { url?: string }, res: { end(body: string): void }) => {
        appCalls.push(req.url ?? '');
        res.end('ok');
      },
    };
    server = createHttpServer(app, { config, logger });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function expectProblem(raw: string, status: number, code: string) {
    const answer = parse(raw);
    expect(answer.status, raw).to.equal(status);
    expect(answer.headers['content-type']).to.equal('application/problem+json');
    expect(answer.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(answer.body).to.include({ status, code, request_id: answer.headers['x-request-id'] });
    expect(answer.body.type).to.equal(`/api/v1/docs#problem-${code}`);
    return answer;
  }

  it('a bad character in a header: 400 bad_request', async () => {
    const raw = await exchange(port, ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n']);
    const answer = expectProblem(raw, 400, 'bad_request');
    expect(answer.body.instance).to.equal('/api/v1/health');
    await settleLogs();
    const line = lines.find((l) => l['request_id'] === answer.headers['x-request-id']);
    expect(line).to.include({ event: 'http_client_error', status: 400, code: 'bad_request' });
  });

  it('oversized headers: 431 headers_too_large', async () => {
    const raw = await exchange(port, [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expectProblem(raw, 431, 'headers_too_large');
  });

  it('headers that arrive too slowly: 408 header_timeout', async () => {
    const started = Date.now();
    const raw = await exchange(
      port,
      ['GET / HTTP/1.1\r\n', 'Host: x\r\n', 'X-Slow: 1\r\n', 'X-Slower: 2\r\n'],
      600,
    );
    expectProblem(raw, 408, 'header_timeout');
    expect(Date.now() - started, 'within a few seconds of the 1 s timeout').to.be.lessThan(5000);
  });

  it('a good request still reaches the app', async () => {
    const raw = await exchange(port, ['GET /fine HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(raw).to.match(/^HTTP\/1\.1 200/);
    expect(appCalls).to.deep.equal(['/fine']);
  });
});
