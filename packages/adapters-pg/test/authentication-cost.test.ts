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
    let preparedNames: (string | undefined)[];

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
      db.knex.on('query', (query: { sql: string; prepared?: string }) => {
        sent.push(query.sql.trim().split(/\s+/)[0]!.toUpperCase());
        preparedNames.push(query.prepared);
      });
    });
    after(() => closeBackend(db));
    beforeEach(() => {
      sent = [];
      preparedNames = [];
    });

    it('is one SELECT outside a transaction', async () => {
      const found = await db.uow.read((s) => s.sessions.findWithUser(SESSION));
      expect(found?.session.id).to.equal(SESSION);
      expect(sent).to.deep.equal(['SELECT']);
      // On a Postgres server, a statement each connection parses and plans once.
      expect(preparedNames).to.deep.equal([
        db.kind === 'postgres' ? 'codex_auth_session_with_user' : undefined,
      ]);
    });

    it('answers the same through the prepared statement, again and again, on every connection', async () => {
      const reads = await Promise.all(
        Array.from({ length: 12 }, () => db.uow.read((s) => s.sessions.findWithUser(SESSION))),
      );
      for (const found of reads) {
        expect(found?.session).to.include({ id: SESSION, revokedAt: null });
        expect(found?.user.email).to.be.a('string');
      }
      expect(
        await db.uow.read((s) => s.sessions.findWithUser('00000000-0000-4000-8000-000000000000')),
      ).to.equal(null);
    });

    it('(a unit of work, for comparison, sends BEGIN and COMMIT around it)', async () => {
      await db.uow.run((s) => s.sessions.findWithUser(SESSION));
      expect(sent[0]).to.match(/^BEGIN/);
      expect(sent.at(-1)).to.match(/^COMMIT/);
      expect(sent.filter((statement) => statement === 'SELECT')).to.have.length(1);
    });
  });
}
