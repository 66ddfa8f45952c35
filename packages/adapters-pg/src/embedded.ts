import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  prepareSocket,
  type Endpoint,
  type ServeOptions,
  type SocketPlace,
  type SocketService,
} from './embedded-socket.js';
import { SessionGate } from './session-gate.js';

import { IN_MEMORY } from './embedded-location.js';

export interface EmbeddedPostgres {
  readonly pglite: PGlite;
  /** Who may use PGlite's one session now: this process's knex takes it for each query or transaction. */
  readonly gate: SessionGate;
  /** Where the data lives, or `memory://`. */
  readonly location: string;
  /** Where other processes reach it, when it is shared. */
  readonly endpoint: Endpoint | undefined;
  /** Stops serving other processes (first: then the local knex may close PGlite). */
  stopSharing(): Promise<void>;
  close(): Promise<void>;
}

export interface EmbeddedOptions extends ServeOptions {
  /** Serve the database to this user's other processes over a private Unix socket while it is open. */
  readonly share?: boolean;
  /**
   * Sharing could not start (a platform or file system without Unix sockets): the database opens
   * all the same, unshared, and this hears why.
   */
  readonly onShareFailed?: (error: Error) => void;
}

/**
 * The embedded database is held by another live process. `endpoint` is where that process serves
 * it, if it does (and it is the lock's holder).
 */
export class EmbeddedDatabaseInUse extends Error {
  override name = 'EmbeddedDatabaseInUse';
  constructor(
    readonly root: string,
    readonly holder: number,
    readonly lockPath: string,
  ) {
    super(
      `the embedded database in ${join(root, 'pglite')} is in use by process ${holder}; ` +
        'embedded mode is single-process (set DATABASE_URL to share a database between processes). ' +
        `If no such process uses it, delete ${lockPath}.`,
    );
  }
}

/**
 * PGlite, persisted in `<dataDir>/pglite` (or in memory for `memory://`). PGlite is a single
 * Postgres backend inside this process: two processes opening one directory would corrupt it, so
 * a lock file refuses the second one (`EmbeddedDatabaseInUse`). With `share`, this process serves
 * it to the others instead (`embedded-socket.ts`).
 */
export async function openEmbedded(
  dataDir: string,
  options: EmbeddedOptions = {},
): Promise<EmbeddedPostgres> {
  const gate = new SessionGate();
  if (dataDir === IN_MEMORY) {
    const pglite = await PGlite.create({ extensions: { pg_trgm } });
    return {
      pglite,
      gate,
      location: IN_MEMORY,
      endpoint: undefined,
      stopSharing: () => Promise.resolve(),
      close: () => closeQuietly(pglite),
    };
  }
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const location = join(root, 'pglite');
  const release = lockDirectory(root, join(root, 'pglite.lock'));
  let place: SocketPlace | undefined;
  // Sharing is a convenience: without it the web process still serves, and the CLI says what to do.
  const shareFailed = (error: unknown) => {
    place?.abandon();
    place = undefined;
    options.onShareFailed?.(error instanceof Error ? error : new Error(String(error)));
  };
  if (options.share === true) {
    try {
      place = prepareSocket(root);
    } catch (error) {
      shareFailed(error);
    }
  }
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create({ dataDir: location, extensions: { pg_trgm } });
    let service: SocketService | undefined;
    try {
      service = await place?.listen(pglite, gate, options);
    } catch (error) {
      shareFailed(error);
    }
    const opened = pglite;
    return {
      pglite: opened,
      gate,
      location,
      endpoint: service?.endpoint,
      stopSharing: async () => service?.stop(),
      close: async () => {
        try {
          await service?.stop();
          await closeQuietly(opened);
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    place?.abandon();
    if (pglite !== undefined) await closeQuietly(pglite);
    release();
    throw error;
  }
}

async function closeQuietly(pglite: PGlite): Promise<void> {
  if (!pglite.closed) await pglite.close();
}

/** Lock files this process holds, to tell its own lock from one left under the same pid. */
const heldHere = new Set<string>();

function lockDirectory(root: string, path: string): () => void {
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
      if (!stale) throw new EmbeddedDatabaseInUse(root, holder, path);
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
