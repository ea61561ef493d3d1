/**
 * From signal columns to the score: gates, points, the recency multiplier, the hand-raiser flag,
 * then the clamped integer score and the tier, in the exact arithmetic of DEFINITION-LANGUAGE.md.
 */
import { type CteNode, cte, type SelectNode, select } from '../query-node.ts';
import { asOfMinus, type CompileContext } from './context.ts';
import { columnsOf } from './signal-ctes.ts';

export function scoredCte(ctx: CompileContext, from: string): CteNode {
  const { ir, dialect } = ctx;
  const gates = ir.gates.map(
    (gate) => `${columnsOf(ctx, gate.signal).holds} AS ${gateColumn(ctx, gate.name)}`,
  );
  const points = ir.points.map(
    (entry) =>
      `CASE WHEN ${columnsOf(ctx, entry.signal).holds} THEN ${dialect.number(entry.points)} ELSE 0 END`,
  );
  const handRaisers = ir.handRaisers.map((name) => columnsOf(ctx, name).holds);
  return cte(
    'scored',
    select({
      columns: [
        `${from}.*`,
        ...gates,
        `${points.length === 0 ? '0' : points.join(' + ')} AS points_total`,
        `${multiplier(ctx)} AS multiplier_percent`,
        `${handRaisers.length === 0 ? 'FALSE' : `(${handRaisers.join(' OR ')})`} AS hand_raiser`,
      ],
      from,
    }),
    'gates, points, recency multiplier (whole percent), hand-raisers',
  );
}

/**
 * The first recency row whose window holds the last event, else `otherwise`; rows that all miss
 * with no `otherwise` give 0 % (not recent enough for any of them), as in the reference.
 */
function multiplier(ctx: CompileContext): string {
  const { dialect, ir } = ctx;
  if (ir.recency.length === 0) return '100';
  const otherwise = ir.recency.find((row) => row.withinMs === null)?.percent ?? 0;
  const rows = ir.recency.flatMap((row) =>
    row.withinMs === null
      ? []
      : [`WHEN last_event_ms > ${asOfMinus(ctx, row.withinMs)} THEN ${dialect.number(row.percent)}`],
  );
  if (rows.length === 0) return dialect.number(otherwise);
  return `CASE ${rows.join(' ')} ELSE ${dialect.number(otherwise)} END`;
}

export function rankedCte(ctx: CompileContext): CteNode {
  const { ir, dialect } = ctx;
  // round(x) = floor((points × percent + 50) / 100), floor also below zero; then clamp.
  const rounded = 'CAST(floor((points_total * multiplier_percent + 50) / 100.0) AS BIGINT)';
  const clamped = `greatest(0, least(${dialect.number(ir.cap)}, ${rounded}))`;
  const gates = ir.gates.map((gate) => gateColumn(ctx, gate.name));
  const score = gates.length === 0 ? clamped : `CASE WHEN ${gates.join(' AND ')} THEN ${clamped} ELSE 0 END`;
  return cte(
    'ranked',
    select({ columns: ['scored.*', `${score} AS score`], from: 'scored' }),
    'score, gated',
  );
}

export function resultSelect(ctx: CompileContext): SelectNode {
  const { ir, dialect } = ctx;
  // Highest minimum first; among equal minimums the later tier wins, as in the reference.
  const tiers = [...ir.tiers].reverse().sort((a, b) => b.min - a.min);
  const tier =
    tiers.length === 0
      ? 'NULL'
      : `CASE ${tiers.map((t) => `WHEN score >= ${dialect.number(t.min)} THEN ${dialect.string(t.name)}`).join(' ')} END`;
  const signalColumns = ir.signals.flatMap((signal) => {
    const columns = columnsOf(ctx, signal.name);
    return hasValueColumn(signal.kind) ? [columns.holds, columns.value] : [columns.holds];
  });
  return select({
    columns: [
      'entity_id',
      'score',
      `${tier} AS tier`,
      'hand_raiser',
      'points_total',
      'multiplier_percent',
      'last_event_ms AS last_event_at',
      ...ir.gates.map((gate) => gateColumn(ctx, gate.name)),
      ...signalColumns,
    ],
    from: 'ranked',
    orderBy: [dialect.bytewise('entity_id')],
  });
}

/** Boolean combinators' value is their holds; every other signal has its own value column. */
export function hasValueColumn(kind: string): boolean {
  return kind !== 'all' && kind !== 'any' && kind !== 'not';
}

export function gateColumn(ctx: CompileContext, name: string): string {
  const column = ctx.names.gates.get(name);
  if (column === undefined) throw new Error(`bug: gate ${name} has no column`);
  return column;
}
