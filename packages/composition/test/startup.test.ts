import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startApplication, StartupError } from '@codex-auth/composition';
import { capture } from './support/capture.js';

describe('startApplication', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'codex-startup-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('retries an unreachable database with doubling waits up to 5 s, one line per attempt, until DATABASE_STARTUP_TIMEOUT', async () => {
    const { lines, logger } = capture();
    // Nothing listens on port 1: every attempt is refused at once. The clock is the test's.
    const config = loadConfig({
      DATA_DIR: dir,
      DATABASE_URL: 'postgres://nobody:pw@127.0.0.1:1/none',
      DATABASE_STARTUP_TIMEOUT: '20',
      SECRET_KEY: 's'.repeat(40),
    });
    let clock = 0;
    const waits: number[] = [];
    const error = await startApplication(config, {
      logger,
      now: () => clock,
      sleep: (ms) => {
        waits.push(ms);
        clock += ms;
        return Promise.resolve();
      },
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StartupError);
    expect((error as Error).message).to.match(/did not answer within 20 s \(DATABASE_STARTUP_TIMEOUT\)/);
    expect((error as Error).message).to.not.include('pw');
    // 250 ms doubling, capped at 5 s, the last wait cut to the deadline.
    expect(waits).to.deep.equal([250, 500, 1000, 2000, 4000, 5000, 5000, 2250]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const attempts = lines.filter((l) => l['event'] === 'database_unreachable');
    expect(attempts).to.have.length(9);
    expect(attempts[0]).to.include({
      level: 'warn',
      attempt: 1,
      error_code: 'ECONNREFUSED',
      retry_in_ms: 250,
    });
    expect(attempts[8]).to.include({ attempt: 9, giving_up: true });
    expect(JSON.stringify(lines)).to.not.include('pw@');
  });

  it('opens the embedded database at once, migrated', async () => {
    const { logger } = capture();
    const app = await startApplication(loadConfig({ DATA_DIR: dir }), { logger, migrate: true });
    try {
      expect((await app.schema.migrationStatus()).pending).to.deep.equal([]);
    } finally {
      await app.close();
    }
  });

  it('refuses pending migrations (an embedded database opened without migrating), naming the command', async () => {
    const { logger } = capture();
    const error = await startApplication(loadConfig({ DATA_DIR: dir }), { logger, migrate: false }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(StartupError);
    expect((error as Error).message).to.match(/pending migrations\): run `codex-auth migrate`/);
  });
});
