/** Signals over events and traits: aggregates, trait comparisons, last_seen / first_seen. */
import { checkObject } from '../check/check-object.ts';
import type { AggregateSignal, Aggregation, SeenSignal, TraitSignal } from '../ir.ts';
import { COMPARISON_OPS, isComparisonOp } from '../schema/comparisons.ts';
import { durationMs, splitPath } from '../schema/patterns.ts';
import { SIGNAL_FORMS } from '../schema/signal-forms.ts';
import type { Path } from '../source/yaml-source.ts';
import { buildBounds } from './bounds.ts';
import { buildComparison } from './comparison.ts';
import type { SignalEnv } from './env.ts';
import { buildWhere } from './where.ts';

type SignalMap = Readonly<Record<string, unknown>>;

export function buildAggregate(
  env: SignalEnv,
  name: string,
  path: Path,
  map: SignalMap,
  inline: boolean,
): AggregateSignal {
  const p = checkObject(env.ctx, path, map, SIGNAL_FORMS.aggregate, `signal \`${name}\``) ?? {};
  const event = p.event === undefined || p.event === '*' ? null : p.event;
  if (event !== null) env.draft.events.push({ name: event, path: [...path, 'event'] });
  const aggregation = toAggregation(p.distinct, p.sum);
  return {
    kind: 'aggregate',
    name,
    label: p.label ?? null,
    inline,
    event,
    where: p.where === undefined ? [] : buildWhere(env, [...path, 'where'], p.where),
    withinMs: p.within === undefined ? null : window(env, [...path, 'within'], p.within),
    aggregation,
    bounds: buildBounds(env, path, p, { kind: aggregation.kind === 'sum' ? 'sum' : 'count' }),
  };
}

function toAggregation(distinct: string | undefined, sum: string | undefined): Aggregation {
  if (sum !== undefined) return { kind: 'sum', path: splitPath(sum).slice(1) };
  if (distinct === 'user') return { kind: 'distinct_users' };
  if (distinct === 'day') return { kind: 'distinct_days' };
  if (distinct !== undefined) return { kind: 'distinct_property', path: splitPath(distinct).slice(1) };
  return { kind: 'count' };
}

/** A pattern-valid duration can still overflow; that is reported here rather than becoming Infinity. */
function window(env: SignalEnv, path: Path, text: string): number {
  const ms = durationMs(text);
  if (ms !== null) return ms;
  env.ctx.report('bad-duration', path, { message: `duration \`${text}\` is too long to represent` });
  return 0;
}

export function buildTrait(
  env: SignalEnv,
  name: string,
  path: Path,
  map: SignalMap,
  inline: boolean,
): TraitSignal {
  const p = checkObject(env.ctx, path, map, SIGNAL_FORMS.trait, `signal \`${name}\``) ?? {};
  const ops = Object.keys(map).filter(isComparisonOp);
  const [op, second] = ops;
  let comparison: TraitSignal['comparison'] | null = null;
  if (op === undefined) {
    env.ctx.report('missing-key', path, {
      anchor: 'key',
      message: `trait signal \`${name}\` has no comparison; expected one of: ${COMPARISON_OPS.join(', ')}`,
      hint: 'Add one comparison, such as `gte: 100`, `eq: enterprise` or `exists: true`.',
    });
  } else if (second !== undefined) {
    env.ctx.report('comparison-mismatch', [...path, second], {
      anchor: 'key',
      message: `trait signal \`${name}\` takes one comparison, found ${ops.length} (${ops.join(', ')})`,
      hint: 'Keep one comparison; for a range, write two trait signals and combine them with `all`.',
    });
  } else if (p[op] !== undefined) {
    // The value was already checked against the operator by checkObject; this resolves `$list`s.
    comparison = buildComparison(env, op, map[op], [...path, op]);
  }
  return {
    kind: 'trait',
    name,
    label: p.label ?? null,
    inline,
    trait: p.trait ?? '',
    comparison: comparison ?? { op: 'exists', value: true },
  };
}

export function buildSeen(
  env: SignalEnv,
  kind: 'last_seen' | 'first_seen',
  name: string,
  path: Path,
  map: SignalMap,
  inline: boolean,
): SeenSignal {
  const what = `signal \`${name}\``;
  const p =
    kind === 'last_seen'
      ? { ...checkObject(env.ctx, path, map, SIGNAL_FORMS.last_seen, what) }
      : { ...checkObject(env.ctx, path, map, SIGNAL_FORMS.first_seen, what) };
  const written = 'last_seen' in p ? p.last_seen : 'first_seen' in p ? p.first_seen : undefined;
  return {
    kind,
    name,
    label: p.label ?? null,
    inline,
    windowMs: written === undefined ? 0 : window(env, [...path, kind], written),
  };
}
