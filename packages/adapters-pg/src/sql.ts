import type { Knex } from 'knex';
import { classifying } from './errors.js';

/** A knex instance or a transaction. */
export type Executor = Knex | Knex.Transaction;

/**
 * What `knex.raw` resolves to, on node-postgres and on knex-pglite alike (the PGlite dialect maps
 * its `affectedRows` onto `rowCount`).
 */
interface RawResult<Row> {
  readonly rows: Row[];
  readonly rowCount?: number | null;
}

/**
 * A statement on a hot path (every authenticated request, every refresh): on Postgres it is sent
 * through node-postgres under its name, so each connection has it parsed and planned once and then
 * only binds and executes it, and knex's per-query work (compiling bindings, cloning the query
 * config) is skipped. On PGlite, and wherever `prepared` is off, it runs like any other query.
 */
export interface PreparedStatement {
  readonly name: string;
  /** With `?` placeholders, as every query here is written. */
  readonly text: string;
  /** The same with `$1`, `$2`, … for node-postgres. */
  readonly positional: string;
}

/**
 * Names a statement for preparing. Its text must not hold a `?` other than the placeholders (none of
 * ours does: no `?` in a literal, no `??` identifier binding).
 */
export function prepared(name: string, text: string): PreparedStatement {
  let n = 0;
  return { name, text, positional: text.replace(/\?/g, () => `$${(n += 1)}`) };
}

/** What node-postgres's client answers, as far as the direct path reads it. */
interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<RawResult<unknown>>;
}

/**
 * The one door repositories reach the database through. On a transaction it sends one query at a
 * time: a transaction is a single connection, use cases may `Promise.all` inside a unit of work,
 * and node-postgres deprecates overlapping queries on one client (pg 9 refuses them).
 */
export class Sql {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: Executor,
    private readonly serial: boolean,
    /** Whether `PreparedStatement`s go straight to node-postgres (Postgres, not PGlite). */
    private readonly prepare = false,
  ) {}

  static forTransaction(trx: Knex.Transaction, prepare = false): Sql {
    return new Sql(trx, true, prepare);
  }

  /** On the pool, where concurrent queries take separate connections. */
  static forPool(knex: Knex, prepare = false): Sql {
    return new Sql(knex, false, prepare);
  }

  async query<Row>(
    sql: string | PreparedStatement,
    bindings: readonly Knex.RawBinding[] = [],
  ): Promise<Row[]> {
    const result = await this.raw<Row>(sql, bindings);
    return result.rows;
  }

  /** Rows changed by an UPDATE or DELETE. */
  async execute(sql: string | PreparedStatement, bindings: readonly Knex.RawBinding[] = []): Promise<number> {
    const result = await this.raw<unknown>(sql, bindings);
    return Number(result.rowCount ?? 0);
  }

  /** Runs a query builder made from `db`. */
  select<Row>(builder: Knex.QueryBuilder): Promise<Row[]> {
    return this.inTurn(async () => (await builder) as Row[]);
  }

  private raw<Row>(
    sql: string | PreparedStatement,
    bindings: readonly Knex.RawBinding[],
  ): Promise<RawResult<Row>> {
    if (typeof sql !== 'string' && this.prepare) {
      const statement = sql;
      return this.inTurn(() => this.direct<Row>(statement, bindings));
    }
    const text = typeof sql === 'string' ? sql : sql.text;
    return this.inTurn(
      async () => (await this.db.raw(text, bindings as Knex.RawBinding[])) as unknown as RawResult<Row>,
    );
  }

  /**
   * On the executor's own connection: a transaction's client hands out the transaction's
   * connection (and releasing it is a no-op); the pool's hands out any, taken back at once.
   */
  private async direct<Row>(
    statement: PreparedStatement,
    bindings: readonly Knex.RawBinding[],
  ): Promise<RawResult<Row>> {
    const client = this.db.client as {
      acquireConnection(): Promise<PgConnection>;
      releaseConnection(connection: PgConnection): Promise<unknown>;
      listenerCount(event: string): number;
      emit(event: string, data: unknown): boolean;
    };
    // Said like knex says its own queries (a transaction's client shares the root's listeners), so
    // whoever counts statements (the tests of what a request costs) counts these too.
    if (client.listenerCount('query') > 0)
      client.emit('query', { sql: statement.text, bindings, method: 'raw', prepared: statement.name });
    const connection = await client.acquireConnection();
    try {
      return (await connection.query({
        name: statement.name,
        text: statement.positional,
        values: bindings as unknown[],
      })) as RawResult<Row>;
    } finally {
      await client.releaseConnection(connection);
    }
  }

  private inTurn<T>(query: () => Promise<T>): Promise<T> {
    const fn = () => classifying(query);
    if (!this.serial) return fn();
    const turn = this.tail.then(fn, fn);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}

/**
 * node-postgres hands int8 back as a string and PGlite as a number (or a bigint past 2^53), so
 * every count goes through here.
 */
export function toCount(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${String(value)}`);
  return n;
}

/** Both drivers parse timestamptz into Dates already; this keeps a string-returning parser honest too. */
export function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new Error('not a timestamp');
  return date;
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/**
 * Postgres text cannot hold U+0000, so a search term containing it matches nothing; sending it
 * anyway fails the statement and aborts the caller's transaction (a 500 for a junk login).
 */
export function canBeStored(text: string): boolean {
  return !text.includes('\u0000');
}

/** A LIKE pattern matching `text` literally anywhere, for use with `ESCAPE '\'`. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function batchLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new RangeError('batch limit must be a non-negative integer');
  return limit;
}
