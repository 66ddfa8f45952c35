import { expect } from 'chai';
import type { Database } from '../src/index.js';
import { backends, closeBackend } from './support/backends.js';
import { authSettings, createUseCasesForTest } from './support/use-cases.js';

/**
 * A refresh rotation's cost in statements sent, which timing on a shared machine could not show:
 * the user, token and session in one read, the spend and the successor in one write, the session's
 * touch, inside BEGIN and COMMIT. It was eight (three reads, three writes); each statement is a
 * round trip the request waits for (docs/performance.md, "Refresh").
 */
for (const backend of backends) {
  describe(`a refresh rotation on ${backend.name}`, () => {
    let db: Database;
    let sent: string[];
    let world: ReturnType<typeof createUseCasesForTest>;

    before(async function () {
      db = await backend.open(this);
      world = createUseCasesForTest(db, authSettings({ refreshReuseGraceSeconds: 30 }));
      await world.givenUser('rotating@example.com', 'the rotating password');
      db.knex.on('query', (query: { sql: string; prepared?: string }) =>
        sent.push(
          query.sql.trim().split(/\s+/)[0]!.toUpperCase().replace(/;$/, '') +
            // On a Postgres server the hot statements go prepared: marked, to be counted as such.
            (query.prepared === undefined ? '' : '*'),
        ),
      );
    });
    after(() => closeBackend(db));
    beforeEach(() => (sent = []));

    it('is five statements: BEGIN, one read, one write for the spend and successor, the touch, COMMIT', async () => {
      const pair = await world.login('rotating@example.com', 'the rotating password');
      sent = [];
      const rotated = await world.useCases.refreshSession.execute({ refreshToken: pair.refreshToken });
      expect(rotated.ok).to.equal(true);
      const hot = db.kind === 'postgres' ? '*' : '';
      expect(sent).to.deep.equal(['BEGIN', `SELECT${hot}`, `WITH${hot}`, `UPDATE${hot}`, 'COMMIT']);
    });

    it('(a grace-window replay answers the same successor; its extra reads are off the hot path)', async () => {
      const pair = await world.login('rotating@example.com', 'the rotating password');
      const first = await world.useCases.refreshSession.execute({ refreshToken: pair.refreshToken });
      sent = [];
      const replay = await world.useCases.refreshSession.execute({ refreshToken: pair.refreshToken });
      expect(first.ok && replay.ok && replay.value.refreshToken).to.equal(
        first.ok && first.value.refreshToken,
      );
      expect(
        sent.filter((s) => /^(WITH|INSERT)\b/.test(s)),
        'no new token',
      ).to.deep.equal([]);
    });
  });
}
