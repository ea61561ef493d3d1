/**
 * `where:` property filters. A bare value means equality; a map holds exactly one operator.
 * Anything else (a list, an empty value) is almost always a mis-typed `in` or `exists`, so the
 * hint says which to write.
 */
import { asMap } from '../check/check-object.ts';
import type { PropertyFilter } from '../ir.ts';
import { didYouMean } from '../problems/suggest.ts';
import { COMPARISON_OPS, isComparisonOp } from '../schema/comparisons.ts';
import { PROPERTY_PATH, splitPath } from '../schema/patterns.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Path } from '../source/yaml-source.ts';
import { buildComparison } from './comparison.ts';
import type { SignalEnv } from './env.ts';

export function buildWhere(
  env: SignalEnv,
  path: Path,
  where: Readonly<Record<string, unknown>>,
): PropertyFilter[] {
  const filters: PropertyFilter[] = [];
  for (const [property, raw] of Object.entries(where)) {
    const at = [...path, property];
    if (!PROPERTY_PATH.test(property)) {
      env.ctx.report('bad-property-path', at, {
        anchor: 'key',
        message: `property path \`${property}\` has an empty segment; expected names separated by single dots`,
      });
      continue;
    }
    const filter = buildFilter(env, at, raw);
    if (filter !== null) filters.push({ path: splitPath(property), comparison: filter });
  }
  return filters;
}

function buildFilter(env: SignalEnv, at: Path, raw: unknown): PropertyFilter['comparison'] | null {
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
    return { op: 'eq', value: raw };
  }
  const operators = asMap(raw);
  if (operators === null) {
    const hint =
      raw === null || raw === undefined
        ? 'To match a missing property write `{ exists: false }`.'
        : 'To match any of several values write `{ in: [a, b] }`.';
    env.ctx.report('comparison-mismatch', at, {
      message: `a property filter expects a value or one comparison such as \`{ gte: 250 }\`, found ${describeValue(raw)}`,
      hint,
    });
    return null;
  }
  const keys = Object.keys(operators);
  for (const key of keys.filter((k) => !isComparisonOp(k))) {
    env.ctx.report('unknown-key', [...at, key], {
      anchor: 'key',
      message: `unknown comparison \`${key}\`; expected one of: ${COMPARISON_OPS.join(', ')}`,
      hint: didYouMean(key, COMPARISON_OPS, 'Use one of the listed operators.'),
    });
  }
  const ops = keys.filter(isComparisonOp);
  const [op, second] = ops;
  if (second !== undefined) {
    env.ctx.report('comparison-mismatch', [...at, second], {
      anchor: 'key',
      message: `a property filter takes one comparison, found ${ops.length} (${ops.join(', ')})`,
      hint: 'Keep one operator; to require several conditions, repeat the filter in another signal and combine with `all`.',
    });
    return null;
  }
  if (op === undefined) {
    if (keys.length === 0) {
      env.ctx.report('missing-key', at, {
        anchor: 'key',
        message: `a property filter expects one comparison such as \`{ gte: 250 }\`, found an empty map`,
        hint: `Add one of: ${COMPARISON_OPS.join(', ')}.`,
      });
    }
    return null;
  }
  return buildComparison(env, op, operators[op], [...at, op]);
}
