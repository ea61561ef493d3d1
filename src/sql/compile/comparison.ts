/**
 * One comparison (`where` filters and trait signals) on a JSON value, rendered without type
 * conversion: each typed accessor is NULL unless the value has that JSON type, so `"1000"` never
 * equals or exceeds `1000`. The result may be NULL where the spec says "false"; callers that need
 * a definite boolean wrap it with `definite`.
 */
import type { Comparison, Scalar } from '../../definition/ir.ts';
import type { Dialect } from '../dialect.ts';

export function definite(condition: string): string {
  return `coalesce(${condition}, FALSE)`;
}

export function renderComparison(dialect: Dialect, json: string, comparison: Comparison): string {
  switch (comparison.op) {
    case 'eq':
      return equals(dialect, json, comparison.value);
    case 'ne':
      return `NOT ${definite(equals(dialect, json, comparison.value))}`;
    case 'in':
      return memberOf(dialect, json, comparison.values);
    case 'not_in':
      return `NOT ${definite(memberOf(dialect, json, comparison.values))}`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return ordered(dialect, json, comparison.op, comparison.value);
    case 'contains':
      return dialect.contains(dialect.jsonString(json), dialect.string(comparison.value));
    case 'starts_with':
      return dialect.startsWith(dialect.jsonString(json), dialect.string(comparison.value));
    case 'exists':
      return comparison.value ? dialect.jsonPresent(json) : `NOT ${dialect.jsonPresent(json)}`;
  }
}

const ORDER_SYMBOL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function ordered(
  dialect: Dialect,
  json: string,
  op: keyof typeof ORDER_SYMBOL,
  value: number | string,
): string {
  const symbol = ORDER_SYMBOL[op];
  if (typeof value === 'number') return `${dialect.jsonNumber(json)} ${symbol} ${dialect.number(value)}`;
  return `${dialect.bytewise(dialect.jsonString(json))} ${symbol} ${dialect.string(value)}`;
}

function equals(dialect: Dialect, json: string, value: Scalar): string {
  return memberOf(dialect, json, [value]);
}

/** `in` over a mixed list: one IN per JSON type present in the list, OR-ed. */
function memberOf(dialect: Dialect, json: string, values: readonly Scalar[]): string {
  const strings = values.filter((value): value is string => typeof value === 'string');
  const numbers = values.filter((value): value is number => typeof value === 'number');
  const booleans = values.filter((value): value is boolean => typeof value === 'boolean');
  const parts: string[] = [];
  if (strings.length > 0)
    parts.push(
      inList(
        dialect.jsonString(json),
        strings.map((v) => dialect.string(v)),
      ),
    );
  if (numbers.length > 0)
    parts.push(
      inList(
        dialect.jsonNumber(json),
        numbers.map((v) => dialect.number(v)),
      ),
    );
  if (booleans.length > 0) {
    parts.push(
      inList(
        dialect.jsonBoolean(json),
        [...new Set(booleans)].map((v) => dialect.boolean(v)),
      ),
    );
  }
  if (parts.length === 0) return 'FALSE';
  return parts.length === 1 ? (parts[0] ?? 'FALSE') : `(${parts.join(' OR ')})`;
}

function inList(expr: string, literals: readonly string[]): string {
  return literals.length === 1 ? `${expr} = ${literals[0]}` : `${expr} IN (${literals.join(', ')})`;
}
