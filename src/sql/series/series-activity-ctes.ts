/**
 * Every event signal along the grid. Each stored event is tested once, in `event_spans`, against
 * every aggregate signal's event name and property filters (`match_*`), and the JSON a sum or a
 * distinct property reads is extracted there (`value_*`, `key_*`), so no later step touches JSON.
 * An event row counts for its entity over its span `[from_j, to_j)`, cut short where a signal's
 * window has passed it. Counts and sums are +v at the span's start and −v at its end, added up
 * along j; distinct counts merge the spans of each distinct value first, so a value present twice
 * counts once. The last and first counted event per grid point are running max/min over starts.
 */
import type { AggregateSignal } from '../../definition/ir.ts';
import { renderComparison } from '../compile/comparison.ts';
import { COUNTED } from '../compile/identity-ctes.ts';
import { type CteNode, cte, type SelectNode, select, union } from '../query-node.ts';
import { gridIndex, type SeriesContext } from './series-context.ts';
import { islandCtes } from './span-ctes.ts';

interface EventSignal {
  readonly signal: AggregateSignal;
  /** The aggregate column of the shared compiler (`agg_<slug>`). */
  readonly aggregate: string;
  readonly match: string;
  /** `value_<slug>` for sums, `key_<slug>` for distinct properties, else null. */
  readonly extracted: string | null;
}

function eventSignals(ctx: SeriesContext): EventSignal[] {
  return ctx.ir.signals.flatMap((signal) => {
    if (signal.kind !== 'aggregate') return [];
    const aggregate = ctx.names.signals.get(signal.name)?.aggregate;
    if (aggregate === undefined) throw new Error(`bug: no columns for signal ${signal.name}`);
    const slug = aggregate.slice('agg_'.length);
    const kind = signal.aggregation.kind;
    const extracted = kind === 'sum' ? `value_${slug}` : kind === 'distinct_property' ? `key_${slug}` : null;
    return [{ signal, aggregate, match: `match_${slug}`, extracted }];
  });
}

/**
 * The per-event columns of every aggregate signal, over the events table aliased `e`: whether the
 * event matches (counted, name, filters; JSON parsed only for events of the right name), and the
 * number summed or the typed key counted.
 */
export function eventSignalColumns(ctx: SeriesContext): string[] {
  const { dialect } = ctx;
  return eventSignals(ctx).flatMap(({ signal, match, extracted }) => {
    const cheap: string[] = [];
    if (ctx.ir.entity === 'user') cheap.push(COUNTED(ctx, 'e'));
    if (signal.event !== null) cheap.push(`e.event = ${dialect.string(signal.event)}`);
    const filters = signal.where.map(
      (filter) =>
        `(${renderComparison(dialect, dialect.jsonGet('e.properties', filter.path), filter.comparison)})`,
    );
    const guard = cheap.length === 0 ? null : cheap.join(' AND ');
    const matches =
      filters.length === 0
        ? (guard ?? 'TRUE')
        : guard === null
          ? `coalesce(${filters.join(' AND ')}, FALSE)`
          : `CASE WHEN ${guard} THEN coalesce(${filters.join(' AND ')}, FALSE) ELSE FALSE END`;
    const columns = [`${matches} AS ${match}`];
    const aggregation = signal.aggregation;
    if (extracted !== null && (aggregation.kind === 'sum' || aggregation.kind === 'distinct_property')) {
      const json = dialect.jsonGet('e.properties', aggregation.path);
      const read = aggregation.kind === 'sum' ? dialect.jsonNumber(json) : dialect.jsonScalarKey(json);
      columns.push(`CASE WHEN ${matches} THEN ${read} END AS ${extracted}`);
    }
    return columns;
  });
}

/** The names of the columns `eventSignalColumns` adds. */
function eventSignalNames(ctx: SeriesContext): string[] {
  return eventSignals(ctx).flatMap(({ match, extracted }) =>
    extracted === null ? [match] : [match, extracted],
  );
}

/** entity_events(entity_id, [counted], user_id, ts, ms, match_…, value_…, key_…, from_j, to_j). */
export function seriesEntityEventsCte(ctx: SeriesContext): CteNode {
  const columns = ['user_id', 'ts', 'ms', ...eventSignalNames(ctx)];
  if (ctx.ir.entity === 'user') {
    return cte(
      'entity_events',
      select({
        columns: ['user_id AS entity_id', 'counted', ...columns, 'from_j', 'to_j'],
        from: 'event_spans',
        where: ['user_id IS NOT NULL'],
      }),
    );
  }
  return cte(
    'entity_events',
    union([
      select({
        columns: ['group_id AS entity_id', ...columns, 'from_j', 'to_j'],
        from: 'event_spans',
        where: ['group_id IS NOT NULL'],
      }),
      select({
        columns: [
          'm.group_id AS entity_id',
          ...columns.map((column) => `r.${column} AS ${column}`),
          'greatest(r.from_j, m.from_j) AS from_j',
          'least(r.to_j, m.to_j) AS to_j',
        ],
        from: 'event_spans AS r',
        joins: [
          'JOIN account_members AS m ON m.user_id = r.user_id AND m.from_j < r.to_j AND r.from_j < m.to_j',
        ],
        where: ['(r.group_id IS NULL OR r.group_id <> m.group_id)'],
      }),
    ]),
    "an account's events: its own group_id, plus its members' events over the membership span, each once",
  );
}

/** The grid index (exclusive) from which an event at `ms` has left the window, capped by to_j. */
function windowEnd(ctx: SeriesContext, withinMs: number | null): string {
  if (withinMs === null) return 'to_j';
  return `least(to_j, ${gridIndex(ctx, `ms + ${ctx.dialect.number(withinMs)}`)})`;
}

/**
 * agg_totals(entity_id, j, agg_…): every aggregate signal's value from grid index j on (until the
 * entity's next row), or no CTEs when the definition has no aggregate signal.
 */
export function seriesAggregateCtes(ctx: SeriesContext): CteNode[] {
  const signals = eventSignals(ctx);
  if (signals.length === 0) return [];
  const { dialect, grid } = ctx;
  const additive = signals.filter(
    ({ signal }) => signal.aggregation.kind === 'count' || signal.aggregation.kind === 'sum',
  );
  const distinct = signals.filter((entry) => !additive.includes(entry));
  const windows = [...new Set(additive.map(({ signal }) => signal.withinMs))];
  const windowColumn = (withinMs: number | null): string =>
    withinMs === null ? 'to_j' : `hi_${windows.indexOf(withinMs) + 1}`;
  const all = signals.map(({ aggregate }) => aggregate);
  const ctes: CteNode[] = [];
  const parts: SelectNode[] = [];

  if (additive.length > 0) {
    const hiColumns = windows.flatMap((w) => (w === null ? [] : [windowColumn(w)]));
    ctes.push(
      cte(
        'agg_rows',
        select({
          columns: [
            'entity_id',
            'from_j',
            'to_j',
            ...windows.flatMap((w) => (w === null ? [] : [`${windowEnd(ctx, w)} AS ${windowColumn(w)}`])),
            ...additive.flatMap(({ match, extracted }) =>
              extracted === null ? [match] : [match, extracted],
            ),
          ],
          from: 'entity_events',
        }),
      ),
      cte(
        'agg_buckets',
        select({
          columns: [
            'entity_id',
            'from_j',
            'to_j',
            ...hiColumns,
            ...additive.map(({ signal, aggregate, match, extracted }) => {
              const cond = `${match} AND from_j < ${windowColumn(signal.withinMs)}`;
              return extracted === null
                ? `${dialect.countIf(cond)} AS ${aggregate}`
                : `${dialect.sumIf(`CASE WHEN ${cond} THEN ${extracted} END`, null)} AS ${aggregate}`;
            }),
          ],
          from: 'agg_rows',
          groupBy: ['entity_id', 'from_j', 'to_j', ...hiColumns],
        }),
        'counts and sums of the events sharing a span and window ends',
      ),
    );
    const additiveColumns = new Set(additive.map(({ aggregate }) => aggregate));
    parts.push(
      select({
        columns: ['entity_id', 'from_j AS j', ...all.map((c) => (additiveColumns.has(c) ? c : `0 AS ${c}`))],
        from: 'agg_buckets',
      }),
    );
    for (const w of windows) {
      const ending = new Set(
        additive.filter(({ signal }) => signal.withinMs === w).map(({ aggregate }) => aggregate),
      );
      parts.push(
        select({
          columns: [
            'entity_id',
            `${windowColumn(w)} AS j`,
            ...all.map((c) => (ending.has(c) ? `-${c} AS ${c}` : `0 AS ${c}`)),
          ],
          from: 'agg_buckets',
          where: [`${windowColumn(w)} < ${grid.count}`],
        }),
      );
    }
  }

  distinct.forEach(({ signal, aggregate, match, extracted }, index) => {
    const name = `distinct_${index + 1}`;
    const kind = signal.aggregation.kind;
    const key =
      kind === 'distinct_users' ? 'user_id' : kind === 'distinct_days' ? dialect.utcDate('ts') : extracted;
    if (key === null) throw new Error(`bug: no key for ${signal.name}`);
    const end = windowEnd(ctx, signal.withinMs);
    ctes.push(
      cte(
        `${name}_spans`,
        select({
          columns: ['entity_id', `${key} AS k`, 'from_j', `${end} AS to_j`],
          from: 'entity_events',
          where: [match, `from_j < ${end}`, `${key} IS NOT NULL`],
        }),
        `${signal.name}: each distinct value over the merged spans in which it is inside the window`,
      ),
      ...islandCtes(name, `${name}_spans`, ['entity_id', 'k']),
    );
    parts.push(
      select({
        columns: [
          'entity_id',
          'from_j AS j',
          ...all.map((c) => (c === aggregate ? `1 AS ${c}` : `0 AS ${c}`)),
        ],
        from: name,
      }),
      select({
        columns: [
          'entity_id',
          'to_j AS j',
          ...all.map((c) => (c === aggregate ? `-1 AS ${c}` : `0 AS ${c}`)),
        ],
        from: name,
        where: [`to_j < ${grid.count}`],
      }),
    );
  });

  const sums = new Set(
    signals.filter(({ signal }) => signal.aggregation.kind === 'sum').map(({ aggregate }) => aggregate),
  );
  const running = (c: string): string => {
    const total = `sum(${c}) OVER (PARTITION BY entity_id ORDER BY j ROWS UNBOUNDED PRECEDING)`;
    return sums.has(c) ? total : `CAST(${total} AS BIGINT)`;
  };
  ctes.push(
    cte('agg_deltas', union(parts), 'each aggregate: +v where a span starts, −v where it ends'),
    cte(
      'agg_steps',
      select({
        columns: ['entity_id', 'j', ...all.map((c) => `sum(${c}) AS ${c}`)],
        from: 'agg_deltas',
        groupBy: ['entity_id', 'j'],
      }),
    ),
    cte(
      'agg_totals',
      select({ columns: ['entity_id', 'j', ...all.map((c) => `${running(c)} AS ${c}`)], from: 'agg_steps' }),
      'running totals along the grid: the value at every index from this one on',
    ),
  );
  return ctes;
}

/** event_times_running: running last/first counted event per (entity, span end), by span start. */
export function seriesEventTimeCtes(ctx: SeriesContext): CteNode[] {
  const running = 'PARTITION BY entity_id, to_j ORDER BY from_j ROWS UNBOUNDED PRECEDING';
  return [
    cte(
      'event_times',
      select({
        columns: ['entity_id', 'to_j', 'from_j', 'max(ms) AS last_ms', 'min(ms) AS first_ms'],
        from: 'entity_events',
        where: ctx.ir.entity === 'user' ? ['counted'] : [],
        groupBy: ['entity_id', 'to_j', 'from_j'],
      }),
      'last and first counted event: running max/min over spans sharing an end',
    ),
    cte(
      'event_times_running',
      select({
        columns: [
          'entity_id',
          'to_j',
          'from_j',
          `max(last_ms) OVER (${running}) AS last_ms`,
          `min(first_ms) OVER (${running}) AS first_ms`,
        ],
        from: 'event_times',
      }),
    ),
    cte('event_time_ends', select({ distinct: true, columns: ['entity_id', 'to_j'], from: 'event_times' })),
  ];
}

/** grid_times(entity_id, j, last_event_ms, first_event_ms): needs `grid`. */
export function seriesGridTimeCtes(): CteNode[] {
  return [
    cte(
      'grid_ends',
      select({
        columns: ['g.entity_id AS entity_id', 'g.j AS j', 'e.to_j AS to_j'],
        from: 'grid AS g',
        joins: ['JOIN event_time_ends AS e ON e.entity_id = g.entity_id AND g.j < e.to_j'],
      }),
    ),
    cte(
      'grid_times',
      select({
        columns: [
          'ge.entity_id AS entity_id',
          'ge.j AS j',
          'max(r.last_ms) AS last_event_ms',
          'min(r.first_ms) AS first_event_ms',
        ],
        from: 'grid_ends AS ge',
        joins: [
          'ASOF JOIN event_times_running AS r ON r.entity_id = ge.entity_id AND r.to_j = ge.to_j AND ge.j >= r.from_j',
        ],
        groupBy: ['ge.entity_id', 'ge.j'],
      }),
    ),
  ];
}
