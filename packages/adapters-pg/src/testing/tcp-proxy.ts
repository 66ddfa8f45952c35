import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The loopback port the proxy listens on. */
  readonly port: number;
  /** Whether it currently forwards. */
  readonly up: boolean;
  /** `url` with its host and port replaced by the proxy's (`postgres://…`, `redis://…`). */
  via(url: string): string;
  /**
   * A network cut, or the server going away: every open connection is destroyed and new ones are
   * refused (the port stops listening) until `restore()`.
   */
  cut(): Promise<void>;
  /** Listens again on the same port and forwards new connections. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a shared server (Postgres, Redis), for fault drills: tests cut and restore
 * the proxy, never the server that other people use. Forwards byte for byte to `target`.
 */
export async function startTcpProxy(
  target: { readonly host: string; readonly port: number },
  options: { readonly up?: boolean } = {},
): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A destroyed peer shows up as an error on its partner; both are torn down anyway.
    socket.on('error', () => socket.destroy());
  };

  const listen = async () => {
    const next = createServer((client) => {
      track(client);
      const upstream = connect(target.port, target.host);
      track(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    next.listen(port, '127.0.0.1');
    await once(next, 'listening');
    port = (next.address() as { port: number }).port;
    server = next;
  };

  const stop = async () => {
    const current = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (current !== undefined) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  // Bound once to get a port, even when starting cut.
  await listen();
  if (options.up === false) await stop();

  return {
    get port() {
      return port;
    },
    get up() {
      return server !== undefined;
    },
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut: stop,
    async restore() {
      if (server === undefined) await listen();
    },
    close: stop,
  };
}

/** Host and port of a `postgres://` or `redis://` URL, for `startTcpProxy`. */
export function targetOf(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || defaultPort) };
}
