import { createServer, type Server, type Socket } from 'node:net';
import { expect } from 'chai';
import { createDatabase } from '../src/index.js';

describe('createDatabase on an unreachable server', () => {
  it('answers ping false at once when nothing listens on the port, without throwing', async () => {
    const db = await createDatabase({ url: 'postgres://nobody:secret@127.0.0.1:1/none', log: silent });
    try {
      const started = Date.now();
      expect(await db.ping()).to.equal(false);
      expect(Date.now() - started).to.be.below(2000);
      expect(db.kind).to.equal('postgres');
      expect(db.location).to.equal('postgres://nobody:***@127.0.0.1:1/none?sslmode=disable');
    } finally {
      await db.close();
    }
  });

  describe('when the server accepts connections but never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();

    before(async () => {
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    after(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('answers ping false within its timeout instead of hanging', async () => {
      const { port } = server.address() as { port: number };
      const db = await createDatabase({
        url: `postgres://u@127.0.0.1:${port}/db?connect_timeout=1`,
        log: silent,
      });
      try {
        const started = Date.now();
        expect(await db.ping(300)).to.equal(false);
        expect(Date.now() - started).to.be.within(250, 1000);
      } finally {
        await db.close();
      }
    });
  });

  it('refuses to roll back when forward-only, before touching the database', async () => {
    const db = await createDatabase({ url: 'postgres://u@127.0.0.1:1/none', forwardOnly: true, log: silent });
    try {
      for (const attempt of [db.rollbackAll(), db.migrateDown()]) {
        let message = '';
        await attempt.catch((e: Error) => (message = e.message));
        expect(message).to.match(/forward-only/);
      }
    } finally {
      await db.close();
    }
  });

  it('validates the pool size', async () => {
    let error: unknown;
    await createDatabase({ url: 'postgres://u@h/db', poolMax: 0 }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(RangeError);
  });
});

const silent = {
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  deprecate: () => undefined,
};
