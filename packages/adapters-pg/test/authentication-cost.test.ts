import { expect } from 'chai';
import { aUser } from '@codex-auth/domain/testing';
import type { Database } from '../src/index.js';
import { backends, closeBackend } from './support/backends.js';

const SESSION = '00000000-0000-4000-8000-00000000c0de';

/**
 * Authentication runs on every request, so its cost is counted here in statements sent, which
 * timing on a shared machine could not show: the session and its owner in one query, no BEGIN or
 * COMMIT around it. A unit of work costs those two statements more.
 */
for (const backend of backends) {
  describe(`the authentication read on ${backend.name}`, () => {
    let db: Database;
    let sent: string[];

    before(async function () {
      db = await backend.open(this);
      const user = aUser().build();
      const now = new Date();
      await db.uow.run(async (s) => {
        await s.users.add(user);
        await s.sessions.add({
          id: SESSION,
          userId: user.id,
          createdAt: now,
          lastUsedAt: now,
          expiresAt: new Date(now.getTime() + 60_000),
          userAgent: null,
          ip: null,
          revokedAt: null,
        });
      });
      db.knex.on('query', (query: { sql: string }) =>
        sent.push(query.sql.trim().split(/\s+/)[0]!.toUpperCase()),
      );
    });
    after(() => closeBackend(db));
    beforeEach(() => (sent = []));

    it('is one SELECT outside a transaction', async () => {
      const found = await db.uow.read((s) => s.sessions.findWithUser(SESSION));
      expect(found?.session.id).to.equal(SESSION);
      expect(sent).to.deep.equal(['SELECT']);
    });

    it('(a unit of work, for comparison, sends BEGIN and COMMIT around it)', async () => {
      await db.uow.run((s) => s.sessions.findWithUser(SESSION));
      expect(sent[0]).to.match(/^BEGIN/);
      expect(sent.at(-1)).to.match(/^COMMIT/);
      expect(sent.filter((statement) => statement === 'SELECT')).to.have.length(1);
    });
  });
}
