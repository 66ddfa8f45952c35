import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createDatabase, type Database } from '../src/index.js';
import { STARTUP_TIMEOUT_MS } from './support/backends.js';

const ADA = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ada@example.com',
  passwordHash: 'hash',
  role: 'admin' as const,
  status: 'approved' as const,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  approvedAt: null,
  tokensValidAfter: null,
  locale: 'en' as const,
};

/** A pid no process has: past Linux's pid_max ceiling. */
const DEAD_PID = 4_194_305;

describe('embedded database (PGlite in DATA_DIR)', function () {
  this.timeout(STARTUP_TIMEOUT_MS);
  let dataDir: string;
  let db: Database | undefined;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'codex-auth-pglite-'));
  });

  after(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its data under DATA_DIR/pglite across restarts, and admits one process at a time', async () => {
    db = await createDatabase({ dataDir });
    expect(db.kind).to.equal('embedded');
    expect(db.location).to.equal(join(dataDir, 'pglite'));
    await db.migrateLatest();
    expect(await db.ping()).to.equal(true);
    await db.uow.run((s) => s.users.add(ADA));

    let refusal = '';
    await createDatabase({ dataDir }).catch((e: Error) => (refusal = e.message));
    expect(refusal).to.include(`in use by process ${process.pid}, which does not share it`);

    await db.close();
    expect(existsSync(join(dataDir, 'pglite.lock')), 'the lock goes with the database').to.equal(false);
    // A crash leaves the lock behind; its process is gone, so the next start takes it over.
    writeFileSync(join(dataDir, 'pglite.lock'), String(DEAD_PID));

    db = await createDatabase({ dataDir });
    await db.close();
    // A container restarted after a crash has the same pid as the process that left the lock.
    writeFileSync(join(dataDir, 'pglite.lock'), String(process.pid));

    db = await createDatabase({ dataDir });
    expect((await db.migrationStatus()).pending).to.deep.equal([]);
    expect(await db.uow.run((s) => s.users.findById(ADA.id))).to.deep.equal(ADA);
  });

  it('lets one caller at a time hold a named lock, in process', async () => {
    let inner: unknown;
    const outer = await db!.withAdvisoryLock('cleanup', async () => {
      inner = await db!.withAdvisoryLock('cleanup', async () => 'twice');
      const other = await db!.withAdvisoryLock('another', async () => 'other');
      return other;
    });
    expect(outer).to.deep.equal({ acquired: true, value: { acquired: true, value: 'other' } });
    expect(inner).to.deep.equal({ acquired: false });
    expect(await db!.withAdvisoryLock('cleanup', async () => 1)).to.deep.equal({ acquired: true, value: 1 });
  });

  it('never hangs a ping while a unit of work holds the one connection', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const work = db!.uow.run(() => held);
    const started = Date.now();
    expect(await db!.ping(200)).to.equal(false);
    expect(Date.now() - started).to.be.below(1000);
    release();
    await work;
    expect(await db!.ping()).to.equal(true);
  });
});
