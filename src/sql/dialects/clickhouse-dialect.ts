/**
 * ClickHouse (embedded through chdb): JSON kept as `String` and read with `JSON*` functions,
 * timestamps as `DateTime64(3, 'UTC')`, conditional aggregates as `-If` combinators.
 */
import type { ColumnKind, DialectName } from '../dialect.ts';
import { isoMillis, StandardDialect } from './standard-dialect.ts';

const NUMBER_TYPES = "('Int64', 'UInt64', 'Double')";

const COLUMN_TYPES: Readonly<Record<ColumnKind, string>> = {
  text: 'String',
  bigint: 'Int64',
  timestamp: "DateTime64(3, 'UTC')",
  json: 'String',
};

export class ClickHouseDialect extends StandardDialect {
  readonly name: DialectName = 'clickhouse';

  /** `countIf`/`uniqExactIf` are the native forms; FILTER is only sugar over them in newer releases. */
  override readonly supportsAggregateFilter: boolean = false;
  /** Unmatched outer-join columns get type defaults unless `join_use_nulls = 1` (set by querySuffix). */
  override readonly outerJoinYieldsNull: boolean = false;
  /** DateTime64 covers 1900-01-01 to 2299-12-31. */
  override readonly timeRangeMs = {
    min: Date.parse('1900-01-01T00:00:00.000Z'),
    max: Date.parse('2299-12-31T23:59:59.999Z'),
  };

  override identifier(name: string): string {
    return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
  }

  override string(value: string): string {
    // Backslash is an escape character inside ClickHouse string literals.
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  }

  override number(value: number): string {
    if (Number.isInteger(value) && !String(value).includes('e')) return super.number(value);
    if (!Number.isFinite(value)) throw new Error(`bug: non-finite number ${value} reached SQL`);
    const literal = `toFloat64(${String(value)})`;
    return value < 0 ? `(${literal})` : literal;
  }

  override timestamp(epochMs: number): string {
    return `toDateTime64(${this.string(isoMillis(epochMs))}, 3, 'UTC')`;
  }

  override epochMs(ts: string): string {
    return `toUnixTimestamp64Milli(${ts})`;
  }

  override utcDate(ts: string): string {
    return `toDate(${ts}, 'UTC')`;
  }

  override intDiv(numerator: string, denominator: string): string {
    return `intDiv(${numerator}, ${denominator})`;
  }

  override text(expr: string): string {
    return `toString(${expr})`;
  }

  override contains(text: string, needle: string): string {
    return `position(${text}, ${needle}) > 0`;
  }

  override startsWith(text: string, prefix: string): string {
    return `startsWith(${text}, ${prefix})`;
  }

  /** ClickHouse `lower` is ASCII-only already (`lowerUTF8` is the Unicode one). */
  emailDomain(text: string): string {
    return `lower(extract(${text}, '@([^@]*)$'))`;
  }

  jsonGet(json: string, path: readonly string[]): string {
    if (path.length === 0) return json;
    // String arguments address object members only; a missing member yields ''.
    return `JSONExtractRaw(${json}, ${path.map((key) => this.string(key)).join(', ')})`;
  }

  jsonString(json: string): string {
    return `if(JSONType(${json}) = 'String', JSONExtractString(${json}), NULL)`;
  }

  jsonNumber(json: string): string {
    return `if(JSONType(${json}) IN ${NUMBER_TYPES}, JSONExtractFloat(${json}), NULL)`;
  }

  jsonBoolean(json: string): string {
    return `if(JSONType(${json}) = 'Bool', JSONExtractBool(${json}) = 1, NULL)`;
  }

  jsonPresent(json: string): string {
    return `coalesce(JSONType(${json}) <> 'Null', FALSE)`;
  }

  jsonText(json: string): string {
    return `if(JSONType(${json}) <> 'Null', ${json}, NULL)`;
  }

  override countIf(cond: string | null): string {
    return cond === null ? 'count()' : `countIf(${cond})`;
  }

  override countDistinctIf(expr: string, cond: string | null): string {
    return cond === null ? `uniqExact(${expr})` : `uniqExactIf(${expr}, ${cond})`;
  }

  override sumIf(expr: string, cond: string | null): string {
    return cond === null ? `sum(${expr})` : `sumIf(${expr}, ${cond})`;
  }

  override maxIf(expr: string, cond: string | null): string {
    return cond === null ? `max(${expr})` : `maxIf(${expr}, ${cond})`;
  }

  override minIf(expr: string, cond: string | null): string {
    return cond === null ? `min(${expr})` : `minIf(${expr}, ${cond})`;
  }

  override querySuffix(): string {
    return 'SETTINGS join_use_nulls = 1';
  }

  columnType(kind: ColumnKind, nullable: boolean): string {
    return nullable ? `Nullable(${COLUMN_TYPES[kind]})` : COLUMN_TYPES[kind];
  }

  override tableOptions(sortKey: readonly string[]): string {
    return `ENGINE = MergeTree ORDER BY (${sortKey.map((column) => this.identifier(column)).join(', ')})`;
  }
}
