/**
 * The seam between Kindling's stores and a database client. Every port implemented in SQL talks to
 * a `SqlClient`; only `src/store/<backend>/` builds one (DuckDB, PostgreSQL) and only those folders
 * and `src/sql/drivers/` import a database library.
 *
 * Rows come back as objects keyed by column name with plain values, the same on every back end:
 * integers and decimals as numbers, TIMESTAMP columns as epoch milliseconds, JSON as its text, lists
 * as arrays. Parameters are `$1`, `$2`, … on both back ends; what differs between them is written
 * through the `StoreSql` fragments, never by asking which back end this is.
 */

/** A value bound to `$n`. String arrays bind as a list of text (use `StoreSql.anyOf`). */
export type SqlParam = string | number | boolean | null | readonly string[];

export type SqlValue = string | number | boolean | null | readonly SqlValue[];

export type SqlRow = Readonly<Record<string, SqlValue>>;

export type StoreBackend = 'duckdb' | 'postgres';

/** The SQL that differs between the back ends, as small fragments. */
export interface StoreSql {
  /** `$n` holding epoch milliseconds, as a TIMESTAMP (UTC, no zone). */
  at(param: number): string;
  /** A TIMESTAMP expression as epoch milliseconds (BIGINT), for arithmetic and comparisons in SQL. */
  ms(expression: string): string;
  /** True when the text `expression` is one of the strings in the array bound to `$n`. */
  anyOf(expression: string, param: number): string;
  /** The text of a top-level key of a JSON text column (null when absent or not a scalar). */
  jsonText(expression: string, key: string): string;
  /**
   * Ends a `SELECT` that picks rows to claim: other sessions skip the rows it locks instead of
   * waiting (PostgreSQL's `FOR UPDATE SKIP LOCKED`); empty where one process owns the database.
   */
  readonly skipLocked: string;
  /** A BIGINT expression of epoch milliseconds as a TIMESTAMP (`at` for a computed or unnested value). */
  fromMs(expression: string): string;
  /**
   * A FROM item, joined laterally (`FROM t, <jsonMembers(t.col)> AS m`), with one row per top-level
   * member of a JSON object: `m.key` (text) and `m.value` (JSON, for the SQL dialect's accessors);
   * no rows for null, a scalar or an array.
   */
  jsonMembers(expression: string): string;
  /**
   * Ends a `SELECT` whose rows must not change until this transaction commits (PostgreSQL's
   * `FOR UPDATE`); empty where one process owns the database.
   */
  readonly lockRows: string;
}

export interface SqlClient {
  readonly backend: StoreBackend;
  readonly sql: StoreSql;
  /** Runs one statement and returns its rows. */
  query<R extends SqlRow = SqlRow>(text: string, params?: readonly SqlParam[]): Promise<R[]>;
  /** Runs one statement and returns how many rows it changed (inserted, updated or deleted). */
  run(text: string, params?: readonly SqlParam[]): Promise<number>;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Every
   * statement of the transaction goes through the client it is given.
   */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/** A database a store opened: clients for the ports, sessions for work that needs its own. */
export interface SqlDatabase {
  readonly backend: StoreBackend;
  /** Shared by short reads and writes. */
  readonly client: SqlClient;
  /**
   * A session of its own, for a component whose statements must not interleave with another's
   * transaction (the outbox worker, the real-time engine, a long backtest). Close it when done.
   */
  session(): Promise<SqlSession>;
}

export interface SqlSession extends SqlClient {
  close(): Promise<void>;
}

/** The first row's first column as a number, or null: `SELECT count(*) …`, `SELECT max(x) …`. */
export function firstNumber(rows: readonly SqlRow[]): number | null {
  const row = rows[0];
  if (row === undefined) return null;
  const value = Object.values(row)[0];
  return value === null || value === undefined ? null : Number(value);
}
