/** DuckDB: the embedded default. JSON is the `JSON` type, read with `json_type`/`json_extract`. */
import type { ColumnKind, DialectName } from '../dialect.ts';
import { StandardDialect } from './standard-dialect.ts';

const NUMBER_TYPES = "('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')";

const COLUMN_TYPES: Readonly<Record<ColumnKind, string>> = {
  text: 'VARCHAR',
  bigint: 'BIGINT',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
};

export class DuckDbDialect extends StandardDialect {
  readonly name: DialectName = 'duckdb';

  /** `json_extract(x, '$.""')` is a binder error: the JSONPath parser wants a non-empty key. */
  override readonly supportsEmptyJsonKey: boolean = false;
  override readonly supportsSeries: boolean = true;

  override intDiv(numerator: string, denominator: string): string {
    // `/` is floating-point division in DuckDB; `//` is the integer one.
    return `(${numerator}) // (${denominator})`;
  }

  override contains(text: string, needle: string): string {
    return `contains(${text}, ${needle})`;
  }

  emailDomain(text: string): string {
    return this.asciiLower(`regexp_extract(${text}, '@([^@]*)$', 1)`);
  }

  jsonGet(json: string, path: readonly string[]): string {
    if (path.length === 0) return json;
    // Quoted JSONPath keys: a key may hold dots, quotes or start with `$`/`/`.
    const keys = path.map((key) => `."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join('');
    return `json_extract(${json}, ${this.string(`$${keys}`)})`;
  }

  jsonString(json: string): string {
    return `CASE WHEN json_type(${json}) = 'VARCHAR' THEN json_extract_string(${json}, '$') END`;
  }

  jsonNumber(json: string): string {
    return `CASE WHEN json_type(${json}) IN ${NUMBER_TYPES} THEN CAST(${json} AS DOUBLE) END`;
  }

  jsonBoolean(json: string): string {
    return `CASE WHEN json_type(${json}) = 'BOOLEAN' THEN CAST(${json} AS BOOLEAN) END`;
  }

  jsonPresent(json: string): string {
    return `coalesce(json_type(${json}) <> 'NULL', FALSE)`;
  }

  jsonText(json: string): string {
    return `CASE WHEN json_type(${json}) <> 'NULL' THEN CAST(${json} AS VARCHAR) END`;
  }

  columnType(kind: ColumnKind, _nullable: boolean): string {
    return COLUMN_TYPES[kind];
  }
}
