import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SqlDriver } from '../driver.ts';
import { openAllDrivers } from '../testing/all-drivers.ts';
import { ClickHouseDialect } from './clickhouse-dialect.ts';
import { DuckDbDialect } from './duckdb-dialect.ts';
import { PostgresDialect } from './postgres-dialect.ts';
import { DIALECT_NAMES } from './registry.ts';

/** Strings that break naive quoting: quotes, backslashes, comment and placeholder markers, unicode. */
const HOSTILE = [
  "it's",
  "''",
  '"double"',
  'back\\slash',
  '\\',
  "\\'",
  '$1',
  '$$ dollar $$',
  '?',
  '%s %_',
  '-- comment',
  '/* block */',
  '*/',
  "'; DROP TABLE events; --",
  'SELECT',
  'line\nbreak\ttab',
  'ünïcødé — 😀',
  '',
  '`tick`',
  '{name:String}',
];

const duckdb = new DuckDbDialect();
const postgres = new PostgresDialect();
const clickhouse = new ClickHouseDialect();

describe('literal rendering', () => {
  test('duckdb doubles single quotes only', () => {
    expect(duckdb.string("it's \\ x")).toBe("'it''s \\ x'");
    expect(duckdb.identifier('we"ird')).toBe('"we""ird"');
  });

  test('postgres switches to E-strings when a backslash appears', () => {
    expect(postgres.string("it's")).toBe("'it''s'");
    expect(postgres.string("a\\'b")).toBe("E'a\\\\''b'");
  });

  test('clickhouse escapes backslash and quote with backslashes; identifiers in backticks', () => {
    expect(clickhouse.string("it's \\")).toBe("'it\\'s \\\\'");
    expect(clickhouse.identifier('a`b')).toBe('`a\\`b`');
  });

  test('numbers: integers plain, fractions cast, negatives parenthesised', () => {
    expect([duckdb.number(42), duckdb.number(-3), duckdb.number(0.5)]).toEqual([
      '42',
      '(-3)',
      'CAST(0.5 AS DOUBLE)',
    ]);
    expect(postgres.number(1e21)).toBe('CAST(1e+21 AS double precision)');
    expect(clickhouse.number(-0.25)).toBe('(toFloat64(-0.25))');
    expect(() => duckdb.number(Number.NaN)).toThrow(/non-finite/);
  });

  test('timestamps are UTC wall-clock literals with milliseconds', () => {
    const at = Date.UTC(2024, 1, 29, 23, 59, 59, 7);
    expect(duckdb.timestamp(at)).toBe("TIMESTAMP '2024-02-29 23:59:59.007'");
    expect(clickhouse.timestamp(at)).toBe("toDateTime64('2024-02-29 23:59:59.007', 3, 'UTC')");
  });

  test('JSON paths quote every key', () => {
    expect(duckdb.jsonGet('p', ['a.b', 'c"d'])).toBe(`json_extract(p, '$."a.b"."c\\"d"')`);
    expect(postgres.jsonGet('p', ['a', "b'c"])).toBe("p -> 'a' -> 'b''c'");
    expect(clickhouse.jsonGet('p', ['a', 'b'])).toBe("JSONExtractRaw(p, 'a', 'b')");
  });

  test('conditional aggregates: FILTER where supported, -If combinators on ClickHouse', () => {
    expect(duckdb.countDistinctIf('x', 'c')).toBe('count(DISTINCT x) FILTER (WHERE c)');
    expect(postgres.sumIf('x', null)).toBe('sum(x)');
    expect(clickhouse.countDistinctIf('x', 'c')).toBe('uniqExactIf(x, c)');
    expect(clickhouse.countIf('c')).toBe('countIf(c)');
  });
});

describe('round trips through the real engines', () => {
  let drivers: SqlDriver[] = [];
  beforeAll(async () => {
    drivers = await openAllDrivers();
  });
  afterAll(async () => {
    for (const driver of drivers) await driver.close();
  });

  test('every hostile string comes back unchanged as a literal, an identifier and a JSON key', async () => {
    expect(drivers.map((driver) => driver.dialect.name)).toEqual(DIALECT_NAMES);
    for (const driver of drivers) {
      const d = driver.dialect;
      for (const [index, value] of HOSTILE.entries()) {
        const name = value === '' ? 'empty' : value;
        const key = value === '' && !d.supportsEmptyJsonKey ? 'k' : value;
        const json = d.string(JSON.stringify({ [key]: { inner: value } }));
        const document =
          d.name === 'postgres'
            ? `CAST(${json} AS jsonb)`
            : d.name === 'duckdb'
              ? `CAST(${json} AS JSON)`
              : json;
        const rows = await driver.query(
          `SELECT ${d.string(value)} AS v, 1 AS ${d.identifier(name)}, ${d.jsonString(d.jsonGet(document, [key, 'inner']))} AS j`,
        );
        expect(rows, `${d.name} #${index}`).toEqual([{ v: value, [name]: expect.anything(), j: value }]);
      }
    }
  });

  test('typed JSON accessors never convert: "1" is a string, 1 a number, true a boolean', async () => {
    for (const driver of drivers) {
      const d = driver.dialect;
      const cast = (text: string): string =>
        d.name === 'postgres'
          ? `CAST(${d.string(text)} AS jsonb)`
          : d.name === 'duckdb'
            ? `CAST(${d.string(text)} AS JSON)`
            : d.string(text);
      const rows = await driver.query(
        [
          `SELECT ${d.jsonNumber(cast('"1"'))} IS NULL AS string_is_not_number`,
          `${d.jsonString(cast('1'))} IS NULL AS number_is_not_string`,
          `${d.jsonNumber(cast('2.5'))} = 2.5 AS number_reads`,
          `${d.jsonBoolean(cast('true'))} AS boolean_reads`,
          `${d.jsonPresent(cast('null'))} AS null_is_missing`,
          `${d.jsonPresent(d.jsonGet(cast('{"a":"x"}'), ['a', 'b']))} AS through_string_is_missing`,
          `${d.jsonPresent(d.jsonGet(cast('{"a":[5]}'), ['a', '0']))} AS no_array_index`,
        ].join(', '),
      );
      const booleans = Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Boolean(v)]));
      expect(booleans, d.name).toEqual({
        string_is_not_number: true,
        number_is_not_string: true,
        number_reads: true,
        boolean_reads: true,
        null_is_missing: false,
        through_string_is_missing: false,
        no_array_index: false,
      });
    }
  });
});
