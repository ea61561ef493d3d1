/**
 * Every SQL back end in one table: its name, a human title, how to make its Dialect (which carries
 * the capability flags) and how to open a Driver. The CLI's `--dialect` choices, the test drivers,
 * the conformance engines and the docs read this list instead of keeping their own. Drivers are
 * imported only when opened, so choosing a dialect never loads DuckDB, PGlite or chdb.
 */
import type { Dialect } from '../dialect.ts';
import type { SqlDriver } from '../driver.ts';
import type { PostgresDriverOptions } from '../drivers/postgres-driver.ts';
import { ClickHouseDialect } from './clickhouse-dialect.ts';
import { DuckDbDialect } from './duckdb-dialect.ts';
import { PostgresDialect } from './postgres-dialect.ts';

export const DIALECT_NAMES = ['duckdb', 'postgres', 'clickhouse'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

/** Where drivers connect; each back end reads its own part (ClickHouse is always embedded). */
export interface DriverTarget {
  /** A DuckDB database file; default in memory. */
  readonly duckdbPath?: string;
  /** A Postgres server (URL, schema); default embedded PGlite. */
  readonly postgres?: PostgresDriverOptions;
}

export interface DialectEntry {
  readonly name: DialectName;
  readonly title: string;
  readonly dialect: () => Dialect;
  readonly openDriver: (target?: DriverTarget) => Promise<SqlDriver>;
}

export const DIALECTS: { readonly [N in DialectName]: DialectEntry & { readonly name: N } } = {
  duckdb: {
    name: 'duckdb',
    title: 'DuckDB',
    dialect: () => new DuckDbDialect(),
    openDriver: async (target = {}) =>
      (await import('../drivers/duckdb-driver.ts')).createDuckDbDriver(target.duckdbPath),
  },
  postgres: {
    name: 'postgres',
    title: 'Postgres',
    dialect: () => new PostgresDialect(),
    openDriver: async (target = {}) =>
      (await import('../drivers/postgres-driver.ts')).createPostgresDriver(target.postgres),
  },
  clickhouse: {
    name: 'clickhouse',
    title: 'ClickHouse',
    dialect: () => new ClickHouseDialect(),
    openDriver: async () => (await import('../drivers/clickhouse-driver.ts')).createClickHouseDriver(),
  },
};

export const DIALECT_ENTRIES: readonly DialectEntry[] = DIALECT_NAMES.map((name) => DIALECTS[name]);

export function isDialectName(text: string): text is DialectName {
  return (DIALECT_NAMES as readonly string[]).includes(text);
}
