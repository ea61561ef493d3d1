/** DuckDB in-process through @duckdb/node-api (in memory unless a file path is given). */
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbDialect } from '../dialects/duckdb-dialect.ts';
import type { SqlDriver } from '../driver.ts';
import type { ResultRow } from '../map-score-rows.ts';

export async function createDuckDbDriver(path = ':memory:'): Promise<SqlDriver> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  return {
    dialect: new DuckDbDialect(),
    async execute(sql) {
      await connection.run(sql);
    },
    async query(sql): Promise<readonly ResultRow[]> {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS();
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
