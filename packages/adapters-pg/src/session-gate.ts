/**
 * Who owns PGlite's one backend session. PGlite is a single Postgres session: a transaction, or an
 * extended-protocol exchange (Parse … Sync), must run to its end before anybody else's query reaches
 * the backend, or one would run inside the other's transaction or bind the other's statement.
 * The holders are this process's knex (for a query, or a whole transaction) and each client of the
 * socket (from its first message until the backend is idle again). FIFO, so nobody starves.
 */
export class SessionGate {
  #owner: unknown = undefined;
  readonly #waiting: { holder: unknown; grant: () => void; refuse: (error: Error) => void }[] = [];

  get owner(): unknown {
    return this.#owner;
  }

  /** How many holders wait for the session. */
  get queued(): number {
    return this.#waiting.length;
  }

  acquire(holder: unknown): Promise<void> {
    if (this.#owner === undefined) {
      this.#owner = holder;
      return Promise.resolve();
    }
    return new Promise((grant, refuse) => this.#waiting.push({ holder, grant, refuse }));
  }

  /** Hands the session to the next in line; a no-op for a holder that does not own it. */
  release(holder: unknown): void {
    if (this.#owner !== holder) return;
    const next = this.#waiting.shift();
    this.#owner = next?.holder;
    next?.grant();
  }

  /** Refuses the waits of `holder` (its client went away before its turn). */
  cancel(holder: unknown, reason: Error): void {
    for (let i = this.#waiting.length - 1; i >= 0; i--) {
      const entry = this.#waiting[i]!;
      if (entry.holder !== holder) continue;
      this.#waiting.splice(i, 1);
      entry.refuse(reason);
    }
  }
}
