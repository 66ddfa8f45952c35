import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import type { SessionGate } from './session-gate.js';

/**
 * node-postgres (like libpq) reaches a server on a Unix socket as `host=<directory>`, connecting to
 * `<directory>/.s.PGSQL.<port>`.
 */
export const SOCKET_PORT = 5432;
const SOCKET_NAME = `.s.PGSQL.${SOCKET_PORT}`;
/** `sun_path` holds 108 bytes on Linux and 104 on macOS, the terminating NUL included. */
const MAX_SOCKET_PATH = 103;
/** Enough for the CLI, a worker and a few psql sessions; PGlite runs one at a time anyway. */
const MAX_CLIENTS = 16;
/**
 * A client that keeps the one session (a transaction left open, a process stopped in a debugger)
 * would stall the web process's own requests: past this long it is disconnected, which rolls its
 * transaction back. Every transaction of the CLI and the worker takes milliseconds.
 */
export const DEFAULT_HOLD_LIMIT_MS = 30_000;

/** What the serving process writes to `<dataDir>/pglite.server.json`: who serves, and where. */
export interface Endpoint {
  readonly pid: number;
  /** The directory holding the socket: node-postgres's `host`. */
  readonly socketDir: string;
}

export function endpointPath(root: string): string {
  return join(root, 'pglite.server.json');
}

/** The endpoint recorded in `root`, or undefined when there is none (or it is unreadable). */
export function readEndpoint(root: string): Endpoint | undefined {
  try {
    const value = JSON.parse(readFileSync(endpointPath(root), 'utf8')) as Partial<Endpoint>;
    if (typeof value.pid !== 'number' || typeof value.socketDir !== 'string') return undefined;
    return { pid: value.pid, socketDir: value.socketDir };
  } catch {
    return undefined;
  }
}

export function socketPathIn(socketDir: string): string {
  return join(socketDir, SOCKET_NAME);
}

export interface SocketService {
  readonly endpoint: Endpoint;
  /** Disconnects every client (rolling back what they had open), removes the socket and the endpoint. */
  stop(): Promise<void>;
}

export interface ServeOptions {
  readonly holdLimitMs?: number;
}

/** A place for the socket, announced in the endpoint file before the database has finished opening. */
export interface SocketPlace {
  readonly endpoint: Endpoint;
  /** Starts serving `pglite` there. */
  listen(pglite: PGlite, gate: SessionGate, options?: ServeOptions): Promise<SocketService>;
  /** The database did not open: the place and its announcement go. */
  abandon(): void;
}

/**
 * Where this process will serve its PGlite session, announced at once in `<root>/pglite.server.json`
 * so a CLI started while the database is still opening waits for the socket instead of giving up.
 * In `<root>/pglite.socket/`, a directory only this user may enter (0700; the socket itself 0600);
 * in a private temporary directory when that path is too long for a socket or cannot be used.
 * Called with the database's lock held.
 */
export function prepareSocket(root: string): SocketPlace {
  let socketDir = join(root, 'pglite.socket');
  let temporary = false;
  try {
    if (socketPathIn(socketDir).length > MAX_SOCKET_PATH) throw new Error('socket path too long');
    privateDirectory(socketDir);
  } catch {
    // A DATA_DIR too deep for a socket path, or a pglite.socket that is not ours: a directory of its
    // own (mkdtemp makes it 0700); the endpoint file says where.
    socketDir = mkdtempSync(join(tmpdir(), 'codex-auth-pglite-'));
    temporary = true;
  }
  const socketPath = socketPathIn(socketDir);
  // We hold the database's lock: a socket left here is a crashed predecessor's.
  rmSync(socketPath, { force: true });
  const endpoint: Endpoint = { pid: process.pid, socketDir };
  const file = endpointPath(root);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(endpoint)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  const remove = () => {
    rmSync(file, { force: true });
    rmSync(socketPath, { force: true });
    if (temporary) rmSync(socketDir, { recursive: true, force: true });
  };
  return {
    endpoint,
    abandon: remove,
    listen: async (pglite, gate, options = {}) => {
      try {
        const stop = await listen(pglite, gate, socketPath, options);
        let stopping: Promise<void> | undefined;
        return {
          endpoint,
          stop: () =>
            (stopping ??= (async () => {
              // First, so no new client is sent here.
              rmSync(file, { force: true });
              try {
                await stop();
              } finally {
                remove();
              }
            })()),
        };
      } catch (error) {
        remove();
        throw error;
      }
    },
  };
}

/**
 * Serves the one PGlite session to other processes as a PostgreSQL server on the Unix socket
 * `socketPath`. The protocol framing is `@electric-sql/pglite-socket`'s; who may talk to the backend
 * when is `SessionGate`'s, which this process's own knex shares (see `SessionQueue`). Resolves to
 * the function that stops it.
 */
async function listen(
  pglite: PGlite,
  gate: SessionGate,
  socketPath: string,
  options: ServeOptions,
): Promise<() => Promise<void>> {
  const handlers = new Map<number, PGLiteSocketHandler>();
  const queue = new SessionQueue(pglite, gate, options.holdLimitMs ?? DEFAULT_HOLD_LIMIT_MS, (id) => {
    void handlers.get(id)?.detach(true);
  });
  const server = createServer((socket: Socket) => {
    const handler = new PGLiteSocketHandler({
      // The handler's own queue (QueryQueueManager) lets two clients' extended-protocol messages
      // interleave and knows nothing of this process's knex; ours has the same methods.
      queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'],
      closeOnDetach: true,
    });
    handlers.set(handler.handlerId, handler);
    const forget = () => handlers.delete(handler.handlerId);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  server.maxConnections = MAX_CLIENTS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The directory already keeps other users out; this is the second lock on the door.
  chmodSync(socketPath, 0o600);
  return async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([...handlers.values()].map((handler) => handler.detach(true)));
    handlers.clear();
    await closed;
  };
}

/** `dir`, made or made private: a directory (not a link) of this user's, mode 0700. */
function privateDirectory(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new Error(`${dir} is not a directory of this user's: remove it, then start again`);
  }
  chmodSync(dir, 0o700);
}

/** The bytes of ReadyForQuery saying "idle, no transaction": `Z`, length 5, `I`. */
const READY_IDLE = [0x5a, 0, 0, 0, 5, 0x49];
/** A Sync message: ends an extended-protocol exchange a client left half-way. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * The queue `PGLiteSocketHandler` hands each protocol message to. A client takes the session at its
 * first message and keeps it until the backend reports idle (ReadyForQuery `I`): past the end of its
 * transaction, or of its Parse … Sync exchange. Meanwhile the others (clients, and this process's
 * knex) wait their turn in `SessionGate`.
 */
class SessionQueue {
  readonly #inFlight = new Map<number, Promise<unknown>>();
  readonly #timers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly pglite: PGlite,
    private readonly gate: SessionGate,
    private readonly holdLimitMs: number,
    private readonly overdue: (handlerId: number) => void,
  ) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const run = this.#run(handlerId, message, onData);
    this.#inFlight.set(handlerId, run);
    return run;
  }

  async #run(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.gate.owner !== handlerId) {
      await this.gate.acquire(handlerId);
      // Unref'd: a timer must not keep a stopping process alive; the stop disconnects the client anyway.
      this.#timers.set(handlerId, setTimeout(() => this.overdue(handlerId), this.holdLimitMs).unref());
    }
    let sent = 0;
    let tail: number[] = [];
    await this.pglite.runExclusive(() =>
      this.pglite.execProtocolRawStream(message, {
        onRawData: (data) => {
          sent += data.length;
          tail = [...tail, ...data.subarray(Math.max(0, data.length - READY_IDLE.length))].slice(
            -READY_IDLE.length,
          );
          onData(data);
        },
      }),
    );
    if (tail.length === READY_IDLE.length && tail.every((byte, i) => byte === READY_IDLE[i])) {
      this.#release(handlerId);
    }
    return sent;
  }

  #release(handlerId: number): void {
    clearTimeout(this.#timers.get(handlerId));
    this.#timers.delete(handlerId);
    this.gate.release(handlerId);
  }

  getQueueLength(): number {
    return this.gate.queued;
  }

  /** The client went away: its turn, if it was waiting for one, is given up. */
  clearQueueForHandler(handlerId: number): void {
    this.gate.cancel(handlerId, new Error('the client disconnected'));
  }

  /** The client went away: whatever it left open in the session is closed, and the session freed. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    // A message still running would otherwise finish after the rollback, or release the session
    // to someone else just before it.
    await this.#inFlight.get(handlerId)?.catch(() => undefined);
    this.#inFlight.delete(handlerId);
    if (this.gate.owner !== handlerId) return;
    try {
      await this.pglite.runExclusive(() => this.pglite.execProtocolRaw(SYNC));
      if (this.pglite.isInTransaction()) await this.pglite.exec('ROLLBACK');
    } finally {
      this.#release(handlerId);
    }
  }
}
