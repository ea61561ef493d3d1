/**
 * A Dialect renders SQL text for one database; it never executes anything (a Driver does).
 * The compiler in `compile/` builds every query from these primitives, so a new database is one
 * small file that overrides only what differs (see docs/sql.md).
 *
 * Conventions every method follows:
 * - arguments named `json` are SQL expressions of the dialect's JSON representation
 *   (DuckDB `JSON`, Postgres `jsonb`, ClickHouse `String` holding JSON text); SQL NULL, JSON
 *   `null` and a path through a non-object are all "missing";
 * - typed JSON accessors return SQL NULL unless the value has exactly that JSON type, so that a
 *   comparison never converts types (`"1000"` is not `1000`);
 * - every user-supplied value reaches SQL only through `string`, `number`, `boolean`,
 *   `timestamp` or `identifier`.
 */

import type { DialectName } from './dialects/registry.ts';

export type { DialectName };

/** Column kinds of the canonical scoring tables (see schema.ts). */
export type ColumnKind = 'text' | 'bigint' | 'timestamp' | 'json';

/** One engine setting (a Postgres GUC) and the value a scoring query runs under. */
export interface EngineSetting {
  readonly name: string;
  readonly value: string;
}

export interface Dialect {
  readonly name: DialectName;

  // ── capability flags: each defaults to the safe value in StandardDialect ──────────────────
  /**
   * `agg(x) FILTER (WHERE c)` is standard SQL and lets one GROUP BY compute every signal in a
   * single pass. ClickHouse's native spelling is the `-If` combinator (`countIf`, `uniqExactIf`).
   */
  readonly supportsAggregateFilter: boolean;
  /**
   * Whether `<`/`>` on text compare bytes. Postgres compares by the database collation (often
   * ICU/glibc linguistic order), so string comparisons need `COLLATE "C"` to match the spec.
   */
  readonly textComparesBytes: boolean;
  /**
   * Whether an outer join fills unmatched columns with NULL. ClickHouse fills them with the
   * type's default ('' or 0) unless `join_use_nulls = 1`, which the query then sets itself.
   */
  readonly outerJoinYieldsNull: boolean;
  /**
   * Whether a property name may be the empty string. DuckDB's JSONPath parser rejects `$.""`, so
   * a definition filtering on such a key is refused there with a typed error instead.
   */
  readonly supportsEmptyJsonKey: boolean;
  /**
   * Whether the series compiler (backtests: every grid point in one pass) can target it. Its span
   * arithmetic is written and tested for DuckDB only; elsewhere a backtest is refused by name.
   */
  readonly supportsSeries: boolean;
  /**
   * Settings a scoring query runs under, set for that query only and restored after it (see
   * `drivers/scoring-settings.ts`); empty where the engine plans analytic queries well unaided.
   */
  readonly scoringSettings: readonly EngineSetting[];
  /** The earliest and latest instants the timestamp type can hold (epoch ms, inclusive). */
  readonly timeRangeMs: { readonly min: number; readonly max: number };

  // ── literals and names ────────────────────────────────────────────────────────────────
  identifier(name: string): string;
  string(value: string): string;
  number(value: number): string;
  boolean(value: boolean): string;
  /** A UTC timestamp literal with millisecond precision. */
  timestamp(epochMs: number): string;

  // ── expressions ───────────────────────────────────────────────────────────────────────
  /** Epoch milliseconds of a timestamp expression, as a 64-bit integer. */
  epochMs(ts: string): string;
  /** The UTC calendar date of a timestamp expression. */
  utcDate(ts: string): string;
  /** Integer division of two non-negative integers. */
  intDiv(numerator: string, denominator: string): string;
  /** Makes a text expression compare by bytes (code points) under `<`, `>` and ORDER BY. */
  bytewise(text: string): string;
  contains(text: string, needle: string): string;
  startsWith(text: string, prefix: string): string;
  /** The part after the last `@`, lower-cased in ASCII only; NULL or '' when there is none. */
  emailDomain(text: string): string;

  // ── JSON ──────────────────────────────────────────────────────────────────────────────
  /** The JSON value at `path` (object keys only; never array indices). */
  jsonGet(json: string, path: readonly string[]): string;
  jsonString(json: string): string;
  jsonNumber(json: string): string;
  jsonBoolean(json: string): string;
  /**
   * A text key equal for two scalars exactly when they have the same JSON type and value
   * (`"1"` and `1` differ), NULL for missing values, arrays and objects: for distinct counts.
   */
  jsonScalarKey(json: string): string;
  /** True when the value is present and not JSON null; never NULL. */
  jsonPresent(json: string): string;
  /** The value's JSON text, NULL when missing or JSON null. */
  jsonText(json: string): string;

  // ── aggregates (cond null = no condition) ──────────────────────────────────────────────
  countIf(cond: string | null): string;
  countDistinctIf(expr: string, cond: string | null): string;
  sumIf(expr: string, cond: string | null): string;
  maxIf(expr: string, cond: string | null): string;
  minIf(expr: string, cond: string | null): string;

  // ── statements ────────────────────────────────────────────────────────────────────────
  /** Appended after the outermost SELECT (engine settings the query relies on), or ''. */
  querySuffix(): string;
  columnType(kind: ColumnKind, nullable: boolean): string;
  /** Appended to CREATE TABLE (storage engine and sort key where the database needs one). */
  tableOptions(sortKey: readonly string[]): string;
}
