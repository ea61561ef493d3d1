/** DuckDB in-process through @duckdb/node-api (in memory unless a file path is given). */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DuckDbDialect } from '../dialects/duckdb-dialect.ts';
import type { SqlDriver } from '../driver.ts';
import type { ResultRow } from '../map-score-rows.ts';

export async function createDuckDbDriver(path = ':memory:'): Promise<SqlDriver> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  const driver = duckDbDriverOn(connection);
  return {
    ...driver,
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A driver over a connection someone else owns (the embedded store's); closing it is a no-op. */
export function duckDbDriverOn(connection: DuckDBConnection): SqlDriver {
  const query = async (sql: string): Promise<readonly ResultRow[]> =>
    (await connection.runAndReadAll(sql)).getRowObjectsJS();
  return {
    dialect: new DuckDbDialect(),
    async execute(sql) {
      await connection.run(sql);
    },
    query,
    // DuckDB has no scoring settings (its dialect's list is empty).
    scoringQuery: query,
    async close() {},
  };
}
