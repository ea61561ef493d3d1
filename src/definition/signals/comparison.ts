/**
 * One comparison (`gte: 100`, `in: $free_email_domains`) → the IR's Comparison, with `$list`
 * references resolved into their values so nothing downstream needs `lists:`.
 */
import { checkValue } from '../check/check-object.ts';
import type { Comparison, ComparisonOp, Scalar } from '../ir.ts';
import { closest, didYouMean } from '../problems/suggest.ts';
import { COMPARISON_FIELDS, COMPARISON_OPS, isComparisonOp } from '../schema/comparisons.ts';
import type { Path } from '../source/yaml-source.ts';
import type { SignalEnv } from './env.ts';

/** How a map that should hold one operator is described in its problems. */
export interface OneComparisonWording {
  /** `a property filter`, `a trait condition`. */
  readonly what: string;
  /** An example operator map, e.g. `{ gte: 250 }`. */
  readonly example: string;
  /** The hint when several operators are given. */
  readonly severalHint: string;
}

/**
 * A map holding exactly one operator (`{ gte: 250 }`) → its Comparison. Unknown keys, several
 * operators or none are reported; null when no comparison can be built.
 */
export function buildOneComparison(
  env: SignalEnv,
  path: Path,
  operators: Readonly<Record<string, unknown>>,
  wording: OneComparisonWording,
): Comparison | null {
  const keys = Object.keys(operators);
  for (const key of keys.filter((k) => !isComparisonOp(k))) {
    env.ctx.report('unknown-key', [...path, key], {
      anchor: 'key',
      message: `unknown comparison \`${key}\`; expected one of: ${COMPARISON_OPS.join(', ')}`,
      hint: didYouMean(key, COMPARISON_OPS, 'Use one of the listed operators.'),
    });
  }
  const ops = keys.filter(isComparisonOp);
  const [op, second] = ops;
  if (second !== undefined) {
    env.ctx.report('comparison-mismatch', [...path, second], {
      anchor: 'key',
      message: `${wording.what} takes one comparison, found ${ops.length} (${ops.join(', ')})`,
      hint: wording.severalHint,
    });
    return null;
  }
  if (op === undefined) {
    if (keys.length === 0) {
      env.ctx.report('missing-key', path, {
        anchor: 'key',
        message: `${wording.what} expects one comparison such as \`${wording.example}\`, found an empty map`,
        hint: `Add one of: ${COMPARISON_OPS.join(', ')}.`,
      });
    }
    return null;
  }
  return buildComparison(env, op, operators[op], [...path, op]);
}

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
