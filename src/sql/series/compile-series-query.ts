/**
 * The series compiler: a definition plus a grid of `as_of` times → one DuckDB query returning
 * every entity's score at every grid point where it exists, computed in one pass over the stored
 * rows (see series-context.ts for the idea). The signal, score and tier layers are the shared
 * compiler's own, reading each row's `as_of_ms`; only how `base` is built differs. Every grid row
 * equals what `compileScoreQuery` gives at that `as_of` (test/backtest/series-conformance.test.ts
 * checks it against the reference evaluator on every conformance fixture).
 */
import type { DefinitionIR } from '../../definition/ir.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { EvaluationOptions } from '../../model/dataset.ts';
import { compilePrologue } from '../compile/prologue.ts';
import { gateColumn, hasValueColumn, rankedCte, resultSelect, scoredCte } from '../compile/score-ctes.ts';
import { columnsOf, signalCtes } from '../compile/signal-ctes.ts';
import type { ResultLayout } from '../compile-score-query.ts';
import type { Dialect } from '../dialect.ts';
import { formatSql } from '../format-sql.ts';
import { type CteNode, cte, query, type SelectNode, select, union } from '../query-node.ts';
import type { TableNames } from '../schema.ts';
import { type SqlCompileError, sqlCompileError } from '../sql-error.ts';
import {
  seriesAggregateCtes,
  seriesEntityEventsCte,
  seriesEventTimeCtes,
  seriesGridTimeCtes,
} from './series-activity-ctes.ts';
import { lastGridMs, type SeriesContext, type SeriesGrid } from './series-context.ts';
import { eventSpansCte, keyPhaseCtes, memberCtes, traitSpansCte } from './series-identity-ctes.ts';
import { islandCtes, latestSegmentCtes } from './span-ctes.ts';

export type { SeriesGrid } from './series-context.ts';

export interface SeriesCompileOptions {
  readonly dialect: Dialect;
  readonly grid: SeriesGrid;
  readonly workspaceId: string;
  readonly options?: EvaluationOptions;
  readonly tables?: Partial<TableNames>;
  /**
   * `all`: every (entity, grid point) row. `changes`: only an entity's first row, the rows where
   * its tier or hand-raiser flag differs from its previous row, and its last row before it stops
   * existing, with `previous_j`, `previous_tier`, `previous_hand_raiser` and `next_j` (what
   * replaying qualifications and counting tiers per grid point need).
   */
  readonly rows: 'all' | 'changes';
}

export interface CompiledSeriesQuery {
  readonly sql: string;
  /** `asOf` is the grid's last point; each row's own is in its `as_of_ms` column. */
  readonly layout: ResultLayout;
}

export function compileSeriesQuery(
  ir: DefinitionIR,
  input: SeriesCompileOptions,
): Result<CompiledSeriesQuery, SqlCompileError> {
  const { dialect, grid } = input;
  if (!dialect.supportsSeries) {
    return err(
      sqlCompileError(
        'sql-series-unsupported',
        dialect.name,
        'series queries (backtests) run on DuckDB only',
      ),
    );
  }
  const last = lastGridMs(grid);
  if (
    !Number.isInteger(grid.startMs) ||
    !Number.isInteger(grid.stepMs) ||
    !Number.isInteger(grid.count) ||
    grid.stepMs <= 0 ||
    grid.count < 1 ||
    grid.startMs < dialect.timeRangeMs.min ||
    last > dialect.timeRangeMs.max
  ) {
    return err(
      sqlCompileError('sql-as-of-out-of-range', dialect.name, `grid ${JSON.stringify(grid)} is not usable`),
    );
  }
  // The shared prologue, with the grid's last point as the as_of: the same refusals as a score query.
  const prologue = compilePrologue(ir, { ...input, asOf: last });
  if (!prologue.ok) return prologue;
  const ctx: SeriesContext = { ...prologue.value, asOfColumn: 'as_of_ms', grid };
  const signals = signalCtes(ctx);
  const results = resultSelect(ctx);
  const ctes: CteNode[] = [
    ...keyPhaseCtes(ctx),
    eventSpansCte(ctx),
    ...(ir.entity === 'account' ? memberCtes(ctx) : []),
    seriesEntityEventsCte(ctx),
    ...seriesAggregateCtes(ctx),
    ...seriesEventTimeCtes(ctx),
    ...seriesTraitCtes(ctx),
    ...existenceCtes(ctx),
    ...seriesGridTimeCtes(),
    seriesBaseCte(ctx),
    ...signals.ctes,
    scoredCte(ctx, signals.last),
    rankedCte(ctx),
    cte('results', { ...results, columns: ['j', 'as_of_ms', ...results.columns], orderBy: [] }),
  ];
  const order = ['j', dialect.bytewise('entity_id')];
  const body =
    input.rows === 'all'
      ? select({ columns: ['*'], from: 'results', orderBy: order })
      : changesSelect(ctes, order, grid.count - 1);
  const node = query(ctes, body, dialect.querySuffix());
  return ok({ sql: formatSql(node), layout: layoutOf(ctx) });
}

function changesSelect(ctes: CteNode[], order: readonly string[], last: number): SelectNode {
  const previous = 'OVER (PARTITION BY entity_id ORDER BY j)';
  ctes.push(
    cte(
      'changes',
      select({
        columns: [
          'results.*',
          `lag(j) ${previous} AS previous_j`,
          `lag(tier) ${previous} AS previous_tier`,
          `lag(hand_raiser) ${previous} AS previous_hand_raiser`,
          `lead(j) ${previous} AS next_j`,
        ],
        from: 'results',
      }),
      'an entity first appears, its tier or hand-raiser flag changes, or it stops existing',
    ),
  );
  return select({
    columns: ['*'],
    from: 'changes',
    where: [
      `(previous_j IS NULL OR tier IS DISTINCT FROM previous_tier OR hand_raiser <> previous_hand_raiser
        OR (next_j IS NULL AND j < ${last}) OR next_j > j + 1)`,
    ],
    orderBy: [...order],
  });
}

/** trait_spans (every record of the entity type) and, for the keys the definition reads, latest_traits. */
function seriesTraitCtes(ctx: SeriesContext): CteNode[] {
  const ctes = [traitSpansCte(ctx, 'trait_spans', ctx.ir.entity)];
  const keys = [...ctx.names.traits.keys()];
  if (keys.length === 0) return ctes;
  const condition = `key IN (${keys.map((key) => ctx.dialect.string(key)).join(', ')})`;
  return [...ctes, ...latestSegmentCtes('latest_traits', 'trait_spans', condition)];
}

/** grid(entity_id, j): every grid point at which each entity exists (docs/semantics.md). */
function existenceCtes(ctx: SeriesContext): CteNode[] {
  const parts =
    ctx.ir.entity === 'user'
      ? [
          select({
            columns: ['user_id AS entity_id', 'from_j', 'to_j'],
            from: 'event_spans',
            where: ['user_id IS NOT NULL'],
          }),
          select({ columns: ['entity_id', 'from_j', 'to_j'], from: 'trait_spans' }),
        ]
      : [
          select({
            columns: ['group_id AS entity_id', 'from_j', 'to_j'],
            from: 'event_spans',
            where: ['group_id IS NOT NULL'],
          }),
          select({ columns: ['group_id AS entity_id', 'from_j', 'to_j'], from: 'account_members' }),
          select({ columns: ['entity_id', 'from_j', 'to_j'], from: 'trait_spans' }),
        ];
  return [
    cte('entity_spans', union(parts), 'when each entity exists: the union of the spans of its rows'),
    ...islandCtes('entity_islands', 'entity_spans', ['entity_id']),
    cte(
      'grid',
      select({
        columns: ['entity_id', 'unnest(range(from_j, to_j)) AS j'],
        from: 'entity_islands',
        where: ['entity_id IS NOT NULL'],
      }),
    ),
  ];
}

/** base: one row per (entity, grid point) with the same columns as the one-as_of `base`. */
function seriesBaseCte(ctx: SeriesContext): CteNode {
  const { dialect, grid } = ctx;
  const aggregates = ctx.ir.signals.flatMap((signal) =>
    signal.kind === 'aggregate' ? [columnsOf(ctx, signal.name).aggregate] : [],
  );
  const traits = [...ctx.names.traits.entries()];
  return cte(
    'base',
    select({
      columns: [
        'g.entity_id AS entity_id',
        'g.j AS j',
        `CAST(${dialect.number(grid.startMs)} + g.j * ${dialect.number(grid.stepMs)} AS BIGINT) AS as_of_ms`,
        't.last_event_ms AS last_event_ms',
        't.first_event_ms AS first_event_ms',
        ...aggregates.map((column) => `coalesce(a.${column}, 0) AS ${column}`),
        ...traits.map(([, column]) => `CASE WHEN g.j < ${column}.to_j THEN ${column}.value END AS ${column}`),
      ],
      from: 'grid AS g',
      joins: [
        'LEFT JOIN grid_times AS t ON t.entity_id = g.entity_id AND t.j = g.j',
        ...(aggregates.length === 0
          ? []
          : ['ASOF LEFT JOIN agg_totals AS a ON a.entity_id = g.entity_id AND g.j >= a.j']),
        ...traits.map(
          ([key, column]) =>
            `ASOF LEFT JOIN (SELECT entity_id, from_j, to_j, value FROM latest_traits WHERE key = ${dialect.string(key)}) AS ${column} ON ${column}.entity_id = g.entity_id AND g.j >= ${column}.from_j`,
        ),
      ],
    }),
    'one row per entity and grid point: aggregates, last/first event, trait JSON',
  );
}

function layoutOf(ctx: SeriesContext): ResultLayout {
  return {
    entityType: ctx.ir.entity,
    asOf: ctx.asOf,
    gates: ctx.ir.gates.map((gate) => ({ name: gate.name, column: gateColumn(ctx, gate.name) })),
    signals: ctx.ir.signals.map((signal) => {
      const columns = columnsOf(ctx, signal.name);
      return {
        name: signal.name,
        holds: columns.holds,
        value: hasValueColumn(signal.kind) ? columns.value : null,
        valueIsJson: signal.kind === 'trait',
      };
    }),
  };
}
