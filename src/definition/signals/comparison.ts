/**
 * One comparison (`gte: 100`, `in: $free_email_domains`) → the IR's Comparison, with `$list`
 * references resolved into their values so nothing downstream needs `lists:`.
 */
import { checkValue } from '../check/check-object.ts';
import type { Comparison, ComparisonOp, Scalar } from '../ir.ts';
import { closest } from '../problems/suggest.ts';
import { COMPARISON_FIELDS } from '../schema/comparisons.ts';
import type { Path } from '../source/yaml-source.ts';
import type { SignalEnv } from './env.ts';

/** Null when the value does not fit the operator (already reported). */
export function buildComparison(
  env: SignalEnv,
  op: ComparisonOp,
  raw: unknown,
  path: Path,
): Comparison | null {
  switch (op) {
    case 'eq':
    case 'ne': {
      const v = checkValue(env.ctx, path, COMPARISON_FIELDS[op], raw);
      return v.ok ? { op, value: v.value } : null;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const v = checkValue(env.ctx, path, COMPARISON_FIELDS[op], raw);
      return v.ok ? { op, value: v.value } : null;
    }
    case 'contains':
    case 'starts_with': {
      const v = checkValue(env.ctx, path, COMPARISON_FIELDS[op], raw);
      return v.ok ? { op, value: v.value } : null;
    }
    case 'exists': {
      const v = checkValue(env.ctx, path, COMPARISON_FIELDS[op], raw);
      return v.ok ? { op, value: v.value } : null;
    }
    case 'in':
    case 'not_in': {
      const v = checkValue(env.ctx, path, COMPARISON_FIELDS[op], raw);
      if (!v.ok) return null;
      const values = typeof v.value === 'string' ? resolveList(env, v.value, path) : v.value;
      return values === null ? null : { op, values };
    }
  }
}

function resolveList(env: SignalEnv, reference: string, path: Path): readonly Scalar[] | null {
  const name = reference.slice(1);
  const values = env.draft.lists.get(name);
  if (values !== undefined) return values;
  const known = [...env.draft.lists.keys()];
  const match = closest(name, known);
  env.ctx.report('undefined-list', path, {
    message: `\`${reference}\` refers to a list that is not defined; defined lists: ${known.length === 0 ? 'none' : known.join(', ')}`,
    hint: match === null ? `Define \`${name}\` under \`lists:\`.` : `Did you mean \`$${match}\`?`,
  });
  return null;
}
