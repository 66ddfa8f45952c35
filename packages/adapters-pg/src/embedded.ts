import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

import { IN_MEMORY } from './embedded-location.js';

export interface EmbeddedPostgres {
  readonly pglite: PGlite;
  /** Where the data lives, or `memory://`. */
  readonly location: string;
  close(): Promise<void>;
}

/**
 * PGlite, persisted in `<dataDir>/pglite` (or in memory for `memory://`). PGlite is a single
 * Postgres backend inside this process: two processes opening one directory would corrupt it, so
 * a lock file refuses the second one.
 */
export async function openEmbedded(dataDir: string): Promise<EmbeddedPostgres> {
  if (dataDir === IN_MEMORY) {
    const pglite = await PGlite.create({ extensions: { pg_trgm } });
    return { pglite, location: IN_MEMORY, close: () => closeQuietly(pglite) };
  }
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const location = join(root, 'pglite');
  const release = lockDirectory(join(root, 'pglite.lock'));
  try {
    const pglite = await PGlite.create({ dataDir: location, extensions: { pg_trgm } });
    return {
      pglite,
      location,
      close: async () => {
        try {
          await closeQuietly(pglite);
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function closeQuietly(pglite: PGlite): Promise<void> {
  if (!pglite.closed) await pglite.close();
}

/** Lock files this process holds, to tell its own lock from one left under the same pid. */
const heldHere = new Set<string>();

function lockDirectory(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      // A container restarted after a crash runs as the same pid (often 1) as the process that
      // left the lock: our own pid counts as alive only when this process really holds the lock.
      const stale = holder === process.pid ? !heldHere.has(path) : !isAlive(holder);
      if (!stale) {
        throw new Error(
          `the embedded database in ${path.replace(/\.lock$/, '')} is in use by process ${holder}; ` +
            'embedded mode is single-process (set DATABASE_URL to share a database between processes). ' +
            `If no such process uses it, delete ${path}.`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot lock ${path}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
