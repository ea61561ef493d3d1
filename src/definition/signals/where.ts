/**
 * `where:` property filters. A bare value means equality; a map holds exactly one operator.
 * Anything else (a list, an empty value) is almost always a mis-typed `in` or `exists`, so the
 * hint says which to write.
 */
import { asMap } from '../check/check-object.ts';
import type { PropertyFilter } from '../ir.ts';
import { PROPERTY_PATH, splitPath } from '../schema/patterns.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Path } from '../source/yaml-source.ts';
import { buildOneComparison } from './comparison.ts';
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
  return buildOneComparison(env, at, operators, {
    what: 'a property filter',
    example: '{ gte: 250 }',
    severalHint:
      'Keep one operator; to require several conditions, repeat the filter in another signal and combine with `all`.',
  });
}
