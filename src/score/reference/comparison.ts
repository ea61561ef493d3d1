/**
 * Property filters and trait comparisons (DEFINITION-LANGUAGE.md, "Property filters").
 * Comparisons never convert types; a missing value (absent or JSON null) satisfies only
 * `ne`, `not_in` and `exists: false`.
 */
import type { Comparison, Scalar } from '../../definition/ir.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../lib/json.ts';
import { compareCodePoints } from './code-point-order.ts';

/** Walks `path` inside `properties`; a step through anything but an object is missing. */
export function readPath(properties: JsonObject, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = properties;
  for (const key of path) {
    if (!isJsonObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

export function isMissing(value: JsonValue | undefined): value is null | undefined {
  return value === undefined || value === null;
}

export function isScalar(value: JsonValue | undefined): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Equal only when of the same JSON type and value: the string "1" is not the number 1. */
export function sameScalar(value: JsonValue | undefined, wanted: Scalar): boolean {
  return isScalar(value) && typeof value === typeof wanted && value === wanted;
}

export function satisfies(value: JsonValue | undefined, comparison: Comparison): boolean {
  if (isMissing(value)) {
    return (
      comparison.op === 'ne' ||
      comparison.op === 'not_in' ||
      (comparison.op === 'exists' && !comparison.value)
    );
  }
  switch (comparison.op) {
    case 'exists':
      return comparison.value;
    case 'eq':
      return sameScalar(value, comparison.value);
    case 'ne':
      return !sameScalar(value, comparison.value);
    case 'in':
      return comparison.values.some((wanted) => sameScalar(value, wanted));
    case 'not_in':
      return !comparison.values.some((wanted) => sameScalar(value, wanted));
    case 'contains':
      return typeof value === 'string' && value.includes(comparison.value);
    case 'starts_with':
      return typeof value === 'string' && value.startsWith(comparison.value);
    case 'gt':
      return order(value, comparison.value, (sign) => sign > 0);
    case 'gte':
      return order(value, comparison.value, (sign) => sign >= 0);
    case 'lt':
      return order(value, comparison.value, (sign) => sign < 0);
    case 'lte':
      return order(value, comparison.value, (sign) => sign <= 0);
  }
}

/** Numbers order numerically, strings by code point; any other pairing never satisfies an order. */
function order(value: JsonValue, bound: number | string, accept: (sign: number) => boolean): boolean {
  if (typeof value === 'number' && typeof bound === 'number') return accept(Math.sign(value - bound));
  if (typeof value === 'string' && typeof bound === 'string') return accept(compareCodePoints(value, bound));
  return false;
}
