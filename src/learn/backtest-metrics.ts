/**
 * Backtest figures per tier: how many entities a definition version put in each tier, their share
 * of signups, precision (won / in tier), recall (in tier / all won) and lift over the base rate,
 * for the tier alone and for "this tier or higher" (what qualifying at that tier would give).
 * Two versions are compared side by side by tier name.
 */
import { err, ok, type Result } from '../lib/result.ts';
import { type LearnError, learnError } from './learn-error.ts';

export interface BacktestInput {
  /** Per entity, the tier it was placed in (null: below every tier). */
  readonly tiers: readonly (string | null)[];
  /** Per entity, 1 when it was won. */
  readonly won: Uint8Array;
  /** Tier names, lowest first (the definition's order). */
  readonly tierOrder: readonly string[];
}

export interface TierFigures {
  readonly count: number;
  readonly won: number;
  /** %, of all entities. */
  readonly shareOfSignups: number;
  /** %, won among these entities (0 when there are none). */
  readonly precision: number;
  /** %, of all won entities. */
  readonly recall: number;
  /** Precision over the base rate; null when undefined. */
  readonly lift: number | null;
}

export interface BacktestRow {
  /** Null for entities below every tier. */
  readonly tier: string | null;
  readonly inTier: TierFigures;
  /** This tier and every higher one together. */
  readonly atOrAbove: TierFigures;
}

export interface BacktestTable {
  readonly entities: number;
  readonly won: number;
  /** %, won among all entities. */
  readonly baseRate: number;
  /** Highest tier first; the no-tier row last when any entity has no tier. */
  readonly rows: readonly BacktestRow[];
}

export function backtestMetrics(input: BacktestInput): Result<BacktestTable, LearnError> {
  const n = input.tiers.length;
  if (input.won.length !== n)
    return err(learnError('length-mismatch', `${n} tiers but ${input.won.length} outcomes`));
  const index = new Map(input.tierOrder.map((name, i) => [name, i]));
  const counts = new Float64Array(input.tierOrder.length + 1); // slot 0: no tier
  const wins = new Float64Array(input.tierOrder.length + 1);
  let totalWon = 0;
  for (let i = 0; i < n; i++) {
    const tier = input.tiers[i] ?? null;
    const position = tier === null ? -1 : index.get(tier);
    if (position === undefined)
      return err(learnError('invalid-option', `tier "${tier}" is not in the tier order`));
    const won = input.won[i] === 1 ? 1 : 0;
    counts[position + 1] = (counts[position + 1] ?? 0) + 1;
    wins[position + 1] = (wins[position + 1] ?? 0) + won;
    totalWon += won;
  }
  const baseRate = n === 0 ? 0 : (100 * totalWon) / n;
  const figures = (count: number, won: number): TierFigures => {
    const precision = count === 0 ? 0 : (100 * won) / count;
    return {
      count,
      won,
      shareOfSignups: n === 0 ? 0 : (100 * count) / n,
      precision,
      recall: totalWon === 0 ? 0 : (100 * won) / totalWon,
      lift: count === 0 || baseRate === 0 ? null : precision / baseRate,
    };
  };
  const rows: BacktestRow[] = [];
  let cumulativeCount = 0;
  let cumulativeWon = 0;
  for (let slot = input.tierOrder.length; slot >= 0; slot--) {
    const count = counts[slot] ?? 0;
    const won = wins[slot] ?? 0;
    cumulativeCount += count;
    cumulativeWon += won;
    if (slot === 0 && count === 0) continue;
    rows.push({
      tier: slot === 0 ? null : (input.tierOrder[slot - 1] ?? null),
      inTier: figures(count, won),
      atOrAbove: figures(cumulativeCount, cumulativeWon),
    });
  }
  return ok({ entities: n, won: totalWon, baseRate, rows });
}

export interface BacktestComparisonRow {
  readonly tier: string | null;
  readonly current: BacktestRow | null;
  readonly proposed: BacktestRow | null;
}

/** Rows matched by tier name: the proposed version's order, then tiers only the current one has. */
export function compareBacktests(current: BacktestTable, proposed: BacktestTable): BacktestComparisonRow[] {
  const byTier = (table: BacktestTable) => new Map(table.rows.map((row) => [row.tier, row]));
  const currentRows = byTier(current);
  const proposedRows = byTier(proposed);
  const order = [
    ...proposedRows.keys(),
    ...[...currentRows.keys()].filter((tier) => !proposedRows.has(tier)),
  ];
  // The no-tier row reads best last whichever version it came from.
  const sorted = [...order.filter((tier) => tier !== null), ...order.filter((tier) => tier === null)];
  return sorted.map((tier) => ({
    tier,
    current: currentRows.get(tier) ?? null,
    proposed: proposedRows.get(tier) ?? null,
  }));
}
