/**
 * The comparison operators shared by property filters (`where`) and trait signals, one field per
 * operator. `in`/`not_in` take a list or a `$list` reference, resolved later against `lists:`.
 */
import { z } from 'zod';
import type { ComparisonOp } from '../ir.ts';
import { type Field, field, scalar } from './fields.ts';
import { LIST_REF } from './patterns.ts';

const code = 'comparison-mismatch';
const orderable = z.union([z.number(), z.string()]);
const values = z.union([z.array(scalar), z.string().regex(LIST_REF)]);

export const COMPARISON_FIELDS = {
  eq: field(scalar, 'a string, number or boolean to equal', { code }),
  ne: field(scalar, 'a string, number or boolean to differ from', { code }),
  gt: field(orderable, 'a number (or string) to be greater than', { code }),
  gte: field(orderable, 'a number (or string) to be at least', { code }),
  lt: field(orderable, 'a number (or string) to be less than', { code }),
  lte: field(orderable, 'a number (or string) to be at most', { code }),
  in: field(values, 'a list of values or a $list reference', { code }),
  not_in: field(values, 'a list of values or a $list reference', { code }),
  contains: field(z.string(), 'a string to find inside the value', { code }),
  starts_with: field(z.string(), 'a string the value starts with', { code }),
  exists: field(z.boolean(), 'true or false', { code }),
} as const satisfies Record<ComparisonOp, Field>;

export const COMPARISON_OPS = Object.keys(COMPARISON_FIELDS) as readonly ComparisonOp[];

export function isComparisonOp(key: string): key is ComparisonOp {
  return key in COMPARISON_FIELDS;
}

/** `{ gte: 250 }`: one operator object, as written under `where:`. */
export const operatorObjectSchema = z
  .strictObject(
    Object.fromEntries(
      Object.entries(COMPARISON_FIELDS).map(([op, f]) => [op, f.schema.describe(f.expected).optional()]),
    ),
  )
  .meta({
    id: 'Comparison',
    description: 'Exactly one comparison operator.',
    minProperties: 1,
    maxProperties: 1,
  });
