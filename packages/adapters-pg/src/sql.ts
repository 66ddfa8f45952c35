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
 * The one door repositories reach the database through. On a transaction it sends one query at a
 * time: a transaction is a single connection, use cases may `Promise.all` inside a unit of work,
 * and node-postgres deprecates overlapping queries on one client (pg 9 refuses them).
 */
export class Sql {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: Executor,
    private readonly serial: boolean,
  ) {}

  static forTransaction(trx: Knex.Transaction): Sql {
    return new Sql(trx, true);
  }

  /** On the pool, where concurrent queries take separate connections. */
  static forPool(knex: Knex): Sql {
    return new Sql(knex, false);
  }

  async query<Row>(sql: string, bindings: readonly Knex.RawBinding[] = []): Promise<Row[]> {
    const result = await this.raw<Row>(sql, bindings);
    return result.rows;
  }

  /** Rows changed by an UPDATE or DELETE. */
  async execute(sql: string, bindings: readonly Knex.RawBinding[] = []): Promise<number> {
    const result = await this.raw<unknown>(sql, bindings);
    return Number(result.rowCount ?? 0);
  }

  /** Runs a query builder made from `db`. */
  select<Row>(builder: Knex.QueryBuilder): Promise<Row[]> {
    return this.inTurn(async () => (await builder) as Row[]);
  }

  private raw<Row>(sql: string, bindings: readonly Knex.RawBinding[]): Promise<RawResult<Row>> {
    return this.inTurn(
      async () => (await this.db.raw(sql, bindings as Knex.RawBinding[])) as unknown as RawResult<Row>,
    );
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
