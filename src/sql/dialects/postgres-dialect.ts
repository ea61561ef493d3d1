/** Postgres (and PGlite): JSON as `jsonb`, timestamps as `timestamp(3)`, text compared in "C" order. */
import type { ColumnKind, DialectName, EngineSetting } from '../dialect.ts';
import { StandardDialect } from './standard-dialect.ts';

const COLUMN_TYPES: Readonly<Record<ColumnKind, string>> = {
  text: 'text',
  bigint: 'bigint',
  timestamp: 'timestamp(3)',
  json: 'jsonb',
};

export class PostgresDialect extends StandardDialect {
  readonly name: DialectName = 'postgres';

  /** The database collation may be linguistic; the spec orders strings by code point. */
  override readonly textComparesBytes: boolean = false;

  /**
   * The planner cannot estimate the scoring query's CTEs (identity resolution is estimated at ~50
   * rows when it yields one per user), so it picks nested loops and merge joins over sorted
   * millions of rows, and the inflated cost switches on JIT, whose compile time dominates. A
   * scoring query reads every row it joins: hash joins are right, and 64 MB keeps hash tables and
   * sorts in memory longer. 1.1 M events: 37 s → 7.5 s; 11 M: 394 s → 26 s (docs/sql.md).
   */
  override readonly scoringSettings: readonly EngineSetting[] = [
    { name: 'jit', value: 'off' },
    { name: 'enable_nestloop', value: 'off' },
    { name: 'enable_mergejoin', value: 'off' },
    { name: 'work_mem', value: '64MB' },
  ];

  override string(value: string): string {
    // E'' reads the same whatever `standard_conforming_strings` is set to.
    if (!value.includes('\\')) return super.string(value);
    return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  }

  override number(value: number): string {
    if (Number.isInteger(value) && !String(value).includes('e')) return super.number(value);
    if (!Number.isFinite(value)) throw new Error(`bug: non-finite number ${value} reached SQL`);
    const literal = `CAST(${String(value)} AS double precision)`;
    return value < 0 ? `(${literal})` : literal;
  }

  override epochMs(ts: string): string {
    return `CAST(extract(epoch FROM ${ts}) * 1000 AS bigint)`;
  }

  override text(expr: string): string {
    return `CAST(${expr} AS text)`;
  }

  override bytewise(text: string): string {
    return `(${text}) COLLATE "C"`;
  }

  emailDomain(text: string): string {
    return this.asciiLower(`substring(${text} FROM '@([^@]*)$')`);
  }

  jsonGet(json: string, path: readonly string[]): string {
    // `->` with a text key reads object members only; `#>` would index arrays by "0".
    return path.reduce((expr, key) => `${expr} -> ${this.string(key)}`, json);
  }

  jsonString(json: string): string {
    return `CASE WHEN jsonb_typeof(${json}) = 'string' THEN (${json}) #>> '{}' END`;
  }

  jsonNumber(json: string): string {
    return `CASE WHEN jsonb_typeof(${json}) = 'number' THEN CAST(${json} AS double precision) END`;
  }

  jsonBoolean(json: string): string {
    return `CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN CAST(${json} AS boolean) END`;
  }

  jsonPresent(json: string): string {
    return `coalesce(jsonb_typeof(${json}) <> 'null', FALSE)`;
  }

  jsonText(json: string): string {
    return `CASE WHEN jsonb_typeof(${json}) <> 'null' THEN CAST(${json} AS text) END`;
  }

  columnType(kind: ColumnKind, _nullable: boolean): string {
    return COLUMN_TYPES[kind];
  }
}
