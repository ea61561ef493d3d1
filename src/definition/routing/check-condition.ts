/**
 * A routing condition (`when:`, `active_deal:`, `churned.when:`) → `Condition`. Every key written
 * must hold; `tier` names are checked against `tiers:`; trait and score comparisons use the
 * definition language's operators (and `$list` references) with its missing-value rule.
 */
import { asMap, checkKeys, checkValue } from '../check/check-object.ts';
import type { Comparison } from '../ir.ts';
import { closest } from '../problems/suggest.ts';
import { buildOneComparison } from '../signals/comparison.ts';
import type { SignalEnv } from '../signals/env.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Path } from '../source/yaml-source.ts';
import type { Condition } from './routing-config.ts';
import { CONDITION_FIELDS } from './routing-fields.ts';

export const ALWAYS: Condition = { kind: 'all', items: [] };

/** Null when anything inside is broken (already reported). */
export function buildCondition(env: SignalEnv, path: Path, raw: unknown, what: string): Condition | null {
  const condition = asMap(raw);
  if (condition === null) {
    env.ctx.report('bad-value-type', path, {
      message: `${what} expects a map such as \`{ tier: [hot, burning] }\`, found ${describeValue(raw)}`,
    });
    return null;
  }
  checkKeys(env.ctx, path, condition, CONDITION_FIELDS, what);
  const items: Condition[] = [];
  let broken = false;
  const add = (item: Condition | null) => {
    if (item === null) broken = true;
    else items.push(item);
  };
  if ('tier' in condition) add(buildTier(env, [...path, 'tier'], condition.tier));
  if ('hand_raiser' in condition) {
    const value = checkValue(
      env.ctx,
      [...path, 'hand_raiser'],
      CONDITION_FIELDS.hand_raiser,
      condition.hand_raiser,
    );
    add(value.ok ? { kind: 'hand_raiser', value: value.value } : null);
  }
  if ('score' in condition) {
    const comparison = buildOperator(env, [...path, 'score'], condition.score, 'score');
    add(comparison === null ? null : { kind: 'score', comparison });
  }
  if ('traits' in condition) add(buildTraits(env, [...path, 'traits'], condition.traits));
  for (const kind of ['any', 'all'] as const) {
    if (!(kind in condition)) continue;
    const list = checkValue(env.ctx, [...path, kind], CONDITION_FIELDS[kind], condition[kind]);
    if (!list.ok) {
      broken = true;
      continue;
    }
    const built = list.value.map((item, i) => buildCondition(env, [...path, kind, i], item, 'a condition'));
    add(built.every((c) => c !== null) ? { kind, items: built.filter((c) => c !== null) } : null);
  }
  if ('not' in condition) {
    const item = buildCondition(env, [...path, 'not'], condition.not, '`not`');
    add(item === null ? null : { kind: 'not', item });
  }
  if (broken) return null;
  const [only, second] = items;
  return only !== undefined && second === undefined ? only : { kind: 'all', items };
}

function buildTier(env: SignalEnv, path: Path, raw: unknown): Condition | null {
  const value = checkValue(env.ctx, path, CONDITION_FIELDS.tier, raw);
  if (!value.ok) return null;
  const names = typeof value.value === 'string' ? [value.value] : value.value;
  const known = env.draft.tiers.map((t) => t.name);
  let broken = false;
  names.forEach((name, i) => {
    if (known.includes(name)) return;
    broken = true;
    const at = typeof value.value === 'string' ? path : [...path, i];
    const match = closest(name, known);
    env.ctx.report('undefined-tier', at, {
      message:
        known.length === 0
          ? `tier \`${name}\` is not defined: the definition has no \`tiers:\``
          : `tier \`${name}\` is not defined; defined tiers: ${known.join(', ')}`,
      ...(match === null ? {} : { hint: `Did you mean \`${match}\`?` }),
    });
  });
  return broken ? null : { kind: 'tier', tiers: names };
}

function buildTraits(env: SignalEnv, path: Path, raw: unknown): Condition | null {
  const traits = asMap(raw);
  if (traits === null) {
    env.ctx.report('bad-value-type', path, {
      message: `\`traits\` expects ${CONDITION_FIELDS.traits.expected}, found ${describeValue(raw)}`,
    });
    return null;
  }
  const items: Condition[] = [];
  let broken = false;
  for (const [trait, value] of Object.entries(traits)) {
    const comparison = buildTraitComparison(env, [...path, trait], value);
    if (comparison === null) broken = true;
    else items.push({ kind: 'trait', trait, comparison });
  }
  if (broken) return null;
  const [only, second] = items;
  return only !== undefined && second === undefined ? only : { kind: 'all', items };
}

/** A bare value means equality, as in `where:`; a map holds exactly one operator. */
function buildTraitComparison(env: SignalEnv, path: Path, raw: unknown): Comparison | null {
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
    return { op: 'eq', value: raw };
  }
  if (asMap(raw) === null) {
    env.ctx.report('comparison-mismatch', path, {
      message: `a trait condition expects a value or one comparison such as \`{ gte: 100 }\`, found ${describeValue(raw)}`,
      hint:
        raw === null || raw === undefined
          ? 'To match an unset trait write `{ exists: false }`.'
          : 'To match any of several values write `{ in: [a, b] }`.',
    });
    return null;
  }
  return buildOperator(env, path, raw, 'a trait condition');
}

function buildOperator(env: SignalEnv, path: Path, raw: unknown, what: string): Comparison | null {
  const operators = asMap(raw);
  if (operators === null) {
    env.ctx.report('comparison-mismatch', path, {
      message: `${what} expects one comparison such as \`{ gte: 80 }\`, found ${describeValue(raw)}`,
    });
    return null;
  }
  return buildOneComparison(env, path, operators, {
    what,
    example: '{ gte: 80 }',
    severalHint: 'Keep one operator; for a range, write two conditions under `all:`.',
  });
}

/** True when the condition holds for every lead: a rule with it catches everything after it. */
export function isAlways(condition: Condition): boolean {
  return condition.kind === 'all' && condition.items.every(isAlways);
}
