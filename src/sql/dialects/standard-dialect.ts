/**
 * The ANSI-leaning defaults every dialect starts from. A concrete dialect extends this and
 * overrides only what its database spells differently; the capability flags here hold the
 * safe value, and subclasses say why when they flip one.
 */
import type { ColumnKind, Dialect, DialectName, EngineSetting } from '../dialect.ts';

// Four-digit years only: every engine parses them, and `toISOString` prints them plainly.
const YEAR_1_MS = Date.parse('0001-01-01T00:00:00.000Z');
const YEAR_9999_END_MS = Date.parse('9999-12-31T23:59:59.999Z');

export abstract class StandardDialect implements Dialect {
  abstract readonly name: DialectName;

  readonly supportsAggregateFilter: boolean = true;
  readonly textComparesBytes: boolean = true;
  readonly outerJoinYieldsNull: boolean = true;
  readonly supportsEmptyJsonKey: boolean = true;
  readonly supportsSeries: boolean = false;
  readonly scoringSettings: readonly EngineSetting[] = [];
  readonly timeRangeMs: { readonly min: number; readonly max: number } = {
    min: YEAR_1_MS,
    max: YEAR_9999_END_MS,
  };

  identifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  string(value: string): string {
    return `'${value.replaceAll("'", "''")}'`;
  }

  number(value: number): string {
    if (!Number.isFinite(value)) throw new Error(`bug: non-finite number ${value} reached SQL`);
    const text = String(value);
    // Integers stay integers; other literals are cast so no engine reads them as DECIMAL.
    const literal = Number.isInteger(value) && !text.includes('e') ? text : `CAST(${text} AS DOUBLE)`;
    return value < 0 ? `(${literal})` : literal;
  }

  boolean(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  timestamp(epochMs: number): string {
    return `TIMESTAMP ${this.string(isoMillis(epochMs))}`;
  }

  epochMs(ts: string): string {
    return `epoch_ms(${ts})`;
  }

  utcDate(ts: string): string {
    return `CAST(${ts} AS DATE)`;
  }

  intDiv(numerator: string, denominator: string): string {
    return `(${numerator}) / (${denominator})`;
  }

  bytewise(text: string): string {
    return text;
  }

  contains(text: string, needle: string): string {
    return `strpos(${text}, ${needle}) > 0`;
  }

  startsWith(text: string, prefix: string): string {
    return `starts_with(${text}, ${prefix})`;
  }

  abstract emailDomain(text: string): string;

  /** ASCII-only lower case: `lower()` differs between engines outside ASCII; domains are ASCII. */
  asciiLower(text: string): string {
    return `translate(${text}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
  }
  abstract jsonGet(json: string, path: readonly string[]): string;
  abstract jsonString(json: string): string;
  abstract jsonNumber(json: string): string;
  abstract jsonBoolean(json: string): string;
  abstract jsonPresent(json: string): string;

  jsonScalarKey(json: string): string {
    const parts = [
      `'s' || ${this.jsonString(json)}`,
      `'n' || ${this.text(this.jsonNumber(json))}`,
      `'b' || ${this.text(this.jsonBoolean(json))}`,
    ];
    return `coalesce(${parts.join(', ')})`;
  }

  /** Any scalar as text (deterministic per value, which is all distinct counting needs). */
  text(expr: string): string {
    return `CAST(${expr} AS VARCHAR)`;
  }
  abstract jsonText(json: string): string;

  countIf(cond: string | null): string {
    return this.filtered('count(*)', cond);
  }

  countDistinctIf(expr: string, cond: string | null): string {
    return this.filtered(`count(DISTINCT ${expr})`, cond);
  }

  sumIf(expr: string, cond: string | null): string {
    return this.filtered(`sum(${expr})`, cond);
  }

  maxIf(expr: string, cond: string | null): string {
    return this.filtered(`max(${expr})`, cond);
  }

  minIf(expr: string, cond: string | null): string {
    return this.filtered(`min(${expr})`, cond);
  }

  querySuffix(): string {
    return '';
  }

  abstract columnType(kind: ColumnKind, nullable: boolean): string;

  tableOptions(_sortKey: readonly string[]): string {
    return '';
  }

  private filtered(aggregate: string, cond: string | null): string {
    return cond === null ? aggregate : `${aggregate} FILTER (WHERE ${cond})`;
  }
}

/** `2024-05-01 12:00:00.000`: the literal form every engine parses as UTC wall time. */
export function isoMillis(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}
