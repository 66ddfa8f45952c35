import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config, Logger } from '@codex-auth/composition';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemDocument, type ProblemCode } from './problem.js';

/** Headers that must arrive within this long, at most, whatever REQUEST_TIMEOUT says. */
const MAX_HEADERS_TIMEOUT_MS = 60_000;

/** What the web process serves: the app's handler on a Node server with its timeouts and parser errors set. */
export function createHttpServer(
  app: { callback(): (req: never, res: never) => unknown },
  options: { readonly config: Config; readonly logger: Logger },
): Server {
  const { config, logger } = options;
  const headersTimeout = Math.min(MAX_HEADERS_TIMEOUT_MS, config.http.requestTimeoutMs);
  const handle = app.callback() as unknown as Parameters<typeof createServer>[1] & object;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: config.http.requestTimeoutMs,
      // Node checks both timeouts on this interval (30 s by default), so a short timeout would
      // otherwise fire up to 30 s late.
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 2))),
    },
    (req, res) => {
      const running = Promise.resolve(handle(req, res))
        .catch(() => undefined)
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    },
  );
  const inFlight = new Set<Promise<unknown>>();
  handlers.set(server, inFlight);
  server.on('clientError', clientErrorHandler(logger));
  return server;
}

const handlers = new WeakMap<Server, Set<Promise<unknown>>>();

/**
 * Resolves once every request handler started so far has finished. A stop must wait for this, not
 * only for `server.close()`: a client that hangs up mid-request closes its connection (so `close`
 * can complete) while its handler still runs, and closing the database under it would fail that
 * handler half-way.
 */
export async function handlersSettled(server: Server): Promise<void> {
  const running = handlers.get(server);
  while (running !== undefined && running.size > 0) await Promise.all([...running]);
}

/** Node's parser errors and their answers: Node's own statuses, as problem documents. */
function parserProblem(code: string | undefined): ProblemCode | null {
  if (code === 'HPE_HEADER_OVERFLOW') return 'headers_too_large';
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 'payload_too_large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'header_timeout';
  // A peer that went away has nobody to answer.
  if (code === 'ECONNRESET' || code === 'EPIPE') return null;
  return 'bad_request';
}

/** The request line's path, when the parser got that far and it looks like one; else `/`. */
function pathOf(rawPacket: unknown): string {
  if (!Buffer.isBuffer(rawPacket)) return '/';
  const line = /^[A-Z]{1,16} (\/[\x21-\x7e]{0,2047}) HTTP\//.exec(
    rawPacket.subarray(0, 2100).toString('latin1'),
  );
  return line?.[1]?.split('?')[0] ?? '/';
}

/**
 * Errors raised by Node's HTTP parser (bad characters in a header, headers too large, headers too
 * slow) happen before any request object exists, so the app's middleware never sees them. This
 * answers them like every other error: a problem document with a request id, logged, then the
 * connection closed (the parser's state is lost, so it cannot be reused).
 */
export function clientErrorHandler(
  logger: Logger,
): (error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex) => void {
  return (error, socket) => {
    const code = parserProblem(error.code);
    // A response already under way on this connection cannot be followed by another.
    const busy = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (code === null || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const problem = new HttpProblem(code);
    try {
      logger.info('http_client_error', {
        event: 'http_client_error',
        request_id: requestId,
        status: problem.status,
        code,
        error_code: error.code,
      });
    } catch {
      // The answer matters more than the line.
    }
    const body = JSON.stringify(problemDocument(problem, { path: pathOf(error.rawPacket), requestId }));
    const reason = STATUS_CODES[problem.status] ?? 'Error';
    socket.end(
      [
        `HTTP/1.1 ${problem.status} ${reason}`,
        `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Request-Id: ${requestId}`,
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  };
}
