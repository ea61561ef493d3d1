/**
 * From the per-entity activity and traits to every signal's holds/value columns. Leaves
 * (aggregates, traits, last/first seen) are computed from `base`; combinators in one layer per
 * dependency depth, because a SELECT cannot read the aliases it defines.
 */
import type { Bounds, Signal } from '../../definition/ir.ts';
import { type CteNode, cte, select } from '../query-node.ts';
import type { SignalColumns } from './column-names.ts';
import { definite, renderComparison } from './comparison.ts';
import { asOfMinus, asOfMs, type CompileContext } from './context.ts';
import { latestTraitsCte, traitRowsCte } from './identity-ctes.ts';

const DAY_MS = 86_400_000;

export function columnsOf(ctx: CompileContext, name: string): SignalColumns {
  const columns = ctx.names.signals.get(name);
  if (columns === undefined) throw new Error(`bug: signal ${name} has no columns`);
  return columns;
}

/** trait_rows (entity set) and, when trait signals exist, their latest values. */
export function traitCtes(ctx: CompileContext): CteNode[] {
  const ctes = [traitRowsCte(ctx, 'trait_rows', ctx.ir.entity)];
  const keys = [...ctx.names.traits.keys()];
  if (keys.length === 0) return ctes;
  const condition = `key IN (${keys.map((key) => ctx.dialect.string(key)).join(', ')})`;
  return [...ctes, latestTraitsCte('latest_traits', 'trait_rows', condition)];
}

/** base: one row per entity with activity (zero when none), last/first event in ms, trait JSON. */
export function baseCte(ctx: CompileContext): CteNode {
  const { dialect } = ctx;
  const aggregates = ctx.ir.signals.flatMap((signal) => {
    if (signal.kind !== 'aggregate') return [];
    const { aggregate } = columnsOf(ctx, signal.name);
    return [`coalesce(a.${aggregate}, 0) AS ${aggregate}`];
  });
  const traits = [...ctx.names.traits.entries()];
  return cte(
    'base',
    select({
      columns: [
        'n.entity_id AS entity_id',
        `${dialect.epochMs('a.last_event_at')} AS last_event_ms`,
        `${dialect.epochMs('a.first_event_at')} AS first_event_ms`,
        ...aggregates,
        ...traits.map(([, column]) => `${column}.value AS ${column}`),
      ],
      from: 'entities AS n',
      joins: [
        'LEFT JOIN activity AS a ON a.entity_id = n.entity_id',
        ...traits.map(
          ([key, column]) =>
            `LEFT JOIN (SELECT entity_id, value FROM latest_traits WHERE trait_rank = 1 AND key = ${dialect.string(key)}) AS ${column} ON ${column}.entity_id = n.entity_id`,
        ),
      ],
    }),
  );
}

/** signals_1…signals_N: each layer adds the signals whose inputs the previous layers hold. */
export function signalCtes(ctx: CompileContext): { ctes: CteNode[]; last: string } {
  const depth = new Map<string, number>();
  const layers: Signal[][] = [];
  for (const signal of ctx.ir.signals) {
    const level = Math.max(-1, ...dependencies(signal).map((name) => depth.get(name) ?? 0)) + 1;
    depth.set(signal.name, level);
    while (layers.length <= level) layers.push([]);
    layers[level]?.push(signal);
  }
  let previous = 'base';
  const ctes = layers.map((signals, index) => {
    const name = `signals_${index + 1}`;
    const node = cte(
      name,
      select({
        columns: [`${previous}.*`, ...signals.flatMap((s) => signalColumns(ctx, s))],
        from: previous,
      }),
      index === 0
        ? 'leaf signals: counts, sums, traits, recency of events'
        : 'combinators over the layer before',
    );
    previous = name;
    return node;
  });
  return { ctes, last: previous };
}

function dependencies(signal: Signal): readonly string[] {
  switch (signal.kind) {
    case 'all':
    case 'any':
    case 'count_of':
      return signal.items;
    case 'not':
      return [signal.item];
    default:
      return [];
  }
}

function signalColumns(ctx: CompileContext, signal: Signal): string[] {
  const { dialect } = ctx;
  const own = columnsOf(ctx, signal.name);
  const holds = (name: string): string => columnsOf(ctx, name).holds;
  switch (signal.kind) {
    case 'aggregate':
      return [
        `${within(ctx, own.aggregate, signal.bounds)} AS ${own.holds}`,
        `${own.aggregate} AS ${own.value}`,
      ];
    case 'trait': {
      const value = ctx.names.traits.get(signal.trait);
      if (value === undefined) throw new Error(`bug: trait ${signal.trait} was not collected`);
      return [
        `${definite(renderComparison(dialect, value, signal.comparison))} AS ${own.holds}`,
        `${dialect.jsonText(value)} AS ${own.value}`,
      ];
    }
    case 'last_seen':
    case 'first_seen': {
      const ms = signal.kind === 'last_seen' ? 'last_event_ms' : 'first_event_ms';
      return [
        `${definite(`${ms} > ${asOfMinus(ctx, signal.windowMs)}`)} AS ${own.holds}`,
        `${dialect.intDiv(`${asOfMs(ctx)} - ${ms}`, String(DAY_MS))} AS ${own.value}`,
      ];
    }
    case 'all':
      return [`${joinOr(signal.items.map(holds), ' AND ', 'TRUE')} AS ${own.holds}`];
    case 'any':
      return [`${joinOr(signal.items.map(holds), ' OR ', 'FALSE')} AS ${own.holds}`];
    case 'not':
      return [`NOT ${holds(signal.item)} AS ${own.holds}`];
    case 'count_of': {
      const count = joinOr(
        signal.items.map((item) => `CASE WHEN ${holds(item)} THEN 1 ELSE 0 END`),
        ' + ',
        '0',
      );
      return [`${within(ctx, count, signal.bounds)} AS ${own.holds}`, `${count} AS ${own.value}`];
    }
  }
}

function joinOr(parts: readonly string[], separator: string, empty: string): string {
  if (parts.length === 0) return empty;
  return parts.length === 1 ? (parts[0] ?? empty) : `(${parts.join(separator)})`;
}

/** Inclusive bounds; `at_least` is 1 when neither bound is written. */
function within(ctx: CompileContext, value: string, bounds: Bounds): string {
  const atLeast = bounds.atLeast ?? (bounds.atMost === null ? 1 : null);
  const parts: string[] = [];
  if (atLeast !== null) parts.push(`${value} >= ${ctx.dialect.number(atLeast)}`);
  if (bounds.atMost !== null) parts.push(`${value} <= ${ctx.dialect.number(bounds.atMost)}`);
  return parts.join(' AND ');
}
