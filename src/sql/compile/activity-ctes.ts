/**
 * Each entity's events and the single GROUP BY that computes every event signal at once with
 * conditional aggregates (FILTER or -If), plus the set of entities that exist as of `as_of`.
 */
import type { AggregateSignal } from '../../definition/ir.ts';
import { type CteNode, cte, select, union } from '../query-node.ts';
import { renderComparison } from './comparison.ts';
import { type CompileContext, windowStart } from './context.ts';

/** entity_events(entity_id, user_id, event, ts, props…): an account's events are counted once. */
export function entityEventsCte(ctx: CompileContext): CteNode {
  if (ctx.ir.entity === 'user') {
    return cte(
      'entity_events',
      select({
        columns: ['user_id AS entity_id', 'counted', 'user_id', 'event', 'ts', 'properties'],
        from: 'event_rows',
        where: ['user_id IS NOT NULL'],
      }),
    );
  }
  return cte(
    'entity_events',
    union([
      select({
        columns: ['group_id AS entity_id', 'user_id', 'event', 'ts', 'properties'],
        from: 'event_rows',
        where: ['group_id IS NOT NULL'],
      }),
      select({
        columns: [
          'm.group_id AS entity_id',
          'r.user_id AS user_id',
          'r.event AS event',
          'r.ts AS ts',
          'r.properties AS properties',
        ],
        from: 'event_rows AS r',
        joins: ['JOIN account_members AS m ON m.user_id = r.user_id'],
        where: ['(r.group_id IS NULL OR r.group_id <> m.group_id)'],
      }),
    ]),
    "an account's events: its own group_id, plus its members' events, each once",
  );
}

export function activityCte(ctx: CompileContext): CteNode {
  const { dialect } = ctx;
  const counted = ctx.ir.entity === 'user' ? 'counted' : null;
  const aggregates = ctx.ir.signals.flatMap((signal) => {
    if (signal.kind !== 'aggregate') return [];
    const column = ctx.names.signals.get(signal.name)?.aggregate;
    if (column === undefined) throw new Error(`bug: no columns for signal ${signal.name}`);
    return [`${aggregateExpression(ctx, signal, counted)} AS ${column}`];
  });
  return cte(
    'activity',
    select({
      columns: [
        'entity_id',
        `${dialect.maxIf('ts', counted)} AS last_event_at`,
        `${dialect.minIf('ts', counted)} AS first_event_at`,
        ...aggregates,
      ],
      from: 'entity_events',
      groupBy: ['entity_id'],
    }),
    'every event signal in one pass over the events, one conditional aggregate each',
  );
}

function aggregateExpression(ctx: CompileContext, signal: AggregateSignal, counted: string | null): string {
  const { dialect } = ctx;
  // Cheap column tests first; JSON is only parsed for rows that pass them (see `lazily`).
  const cheap: string[] = [];
  if (counted !== null) cheap.push(counted);
  if (signal.event !== null) cheap.push(`event = ${dialect.string(signal.event)}`);
  const window = windowStart(ctx, 'ts', signal.withinMs);
  if (window !== null) cheap.push(window);
  const filters = signal.where.map(
    (filter) => `(${renderComparison(dialect, property(ctx, filter.path), filter.comparison)})`,
  );
  const guard = cheap.length === 0 ? null : cheap.join(' AND ');
  const cond = filters.length === 0 ? guard : lazily(guard, filters.join(' AND '), 'FALSE');
  const aggregation = signal.aggregation;
  switch (aggregation.kind) {
    case 'count':
      return dialect.countIf(cond);
    case 'distinct_users':
      return dialect.countDistinctIf('user_id', cond);
    case 'distinct_days':
      return dialect.countDistinctIf(dialect.utcDate('ts'), cond);
    case 'sum':
      return dialect.sumIf(lazily(cond, dialect.jsonNumber(property(ctx, aggregation.path)), 'NULL'), null);
    case 'distinct_property':
      return dialect.countDistinctIf(
        lazily(cond, dialect.jsonScalarKey(property(ctx, aggregation.path)), 'NULL'),
        null,
      );
  }
}

/**
 * `CASE WHEN guard THEN expr ELSE otherwise END`: engines evaluate a THEN branch only for rows
 * that reach it, so JSON is parsed for the few rows of the right event and window instead of
 * every row (an AND or a FILTER may evaluate all its operands on every row).
 */
function lazily(guard: string | null, expr: string, otherwise: string): string {
  return guard === null ? expr : `CASE WHEN ${guard} THEN ${expr} ELSE ${otherwise} END`;
}

function property(ctx: CompileContext, path: readonly string[]): string {
  return ctx.dialect.jsonGet('properties', path);
}

/** entities: every user or account that exists as of `as_of` (see docs/sql.md). */
export function entityCtes(ctx: CompileContext): CteNode[] {
  const parts = [
    select({ columns: ['entity_id'], from: 'activity' }),
    select({ columns: ['entity_id'], from: 'trait_rows' }),
  ];
  if (ctx.ir.entity === 'account')
    parts.push(select({ columns: ['group_id AS entity_id'], from: 'account_members' }));
  return [
    cte('entity_candidates', union(parts)),
    cte(
      'entities',
      select({
        distinct: true,
        columns: ['entity_id'],
        from: 'entity_candidates',
        where: ['entity_id IS NOT NULL'],
      }),
    ),
  ];
}
