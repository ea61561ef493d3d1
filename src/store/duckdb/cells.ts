/** Reading DuckDB result cells: parameterised queries, epoch-ms times and JSON text columns. */
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { JsonValue } from '../../lib/json.ts';

export type Cell = DuckDBValue | undefined;

export async function queryRows(
  conn: DuckDBConnection,
  sql: string,
  params: DuckDBValue[],
  types: DuckDBType[],
): Promise<DuckDBValue[][]> {
  return (await conn.runAndReadAll(sql, params, types)).getRows();
}

/** An `epoch_ms(...)` cell as ISO-8601, or null. */
export const isoCell = (ms: Cell): string | null =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();

/** A JSON column's text parsed; null for SQL NULL. */
export const jsonCell = (text: Cell): JsonValue =>
  typeof text === 'string' ? (JSON.parse(text) as JsonValue) : null;
