/**
 * Many rows in one statement: each column travels as one array parameter and `unnest` turns the
 * arrays back into rows (`INSERT … SELECT … FROM unnest($1::text[], $2::bigint[], …)`), so a group
 * commit of thousands of events costs one round trip per table, with no limit on parameters.
 */
import type pg from 'pg';

/** How a column travels: the array's element type, and how the element becomes the stored value. */
export type ColumnKind = 'text' | 'bigint' | 'integer' | 'double' | 'json' | 'time';

const ARRAY_TYPE: Record<ColumnKind, string> = {
  text: 'TEXT[]',
  bigint: 'BIGINT[]',
  integer: 'INTEGER[]',
  double: 'DOUBLE PRECISION[]',
  json: 'TEXT[]',
  // Epoch milliseconds, stored as a TIMESTAMP in UTC (the same as `POSTGRES_SQL.at`).
  time: 'BIGINT[]',
};

function stored(kind: ColumnKind, column: string): string {
  if (kind === 'json') return `CAST(${column} AS JSONB)`;
  if (kind === 'time') return `(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC')`;
  return column;
}

export type Cell = string | number | null;

export interface TableShape {
  readonly table: string;
  readonly columns: readonly (readonly [name: string, kind: ColumnKind])[];
}

/** `INSERT INTO table (…) SELECT … FROM unnest(…)`, for the rows' columns in `shape` order. */
function insertText(shape: TableShape): string {
  const names = shape.columns.map(([name]) => name);
  const arrays = shape.columns.map(([, kind], i) => `CAST($${i + 1} AS ${ARRAY_TYPE[kind]})`);
  const values = shape.columns.map(([name, kind]) => stored(kind, `r.${name}`));
  return (
    `INSERT INTO ${shape.table} (${names.join(', ')}) SELECT ${values.join(', ')} ` +
    `FROM unnest(${arrays.join(', ')}) AS r(${names.join(', ')})`
  );
}

const texts = new Map<TableShape, string>();

export async function insertRows(
  connection: pg.ClientBase,
  shape: TableShape,
  rows: readonly (readonly Cell[])[],
): Promise<void> {
  if (rows.length === 0) return;
  let text = texts.get(shape);
  if (text === undefined) {
    text = insertText(shape);
    texts.set(shape, text);
  }
  const columns = shape.columns.map((_, c) => rows.map((row) => row[c] ?? null));
  await connection.query(text, columns);
}
