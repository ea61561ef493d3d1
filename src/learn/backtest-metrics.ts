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
  /** Per entity, 1 when it was won (for a backtest: won within the horizon after qualifying). */
  readonly won: Uint8Array;
  /**
   * Per entity, 1 when it was won at all in the period: the base rate and recall's denominator.
   * Default: `won`. A qualified entity won outside its horizon counts here but not in its tier.
   */
  readonly wonInPeriod?: Uint8Array;
  /**
   * Per entity, 1 for a signup (first seen in the period): share of signups is the tier's signups
   * over all signups. Default: every entity is one.
   */
  readonly signup?: Uint8Array;
  /** Tier names, lowest first (the definition's order). */
  readonly tierOrder: readonly string[];
}

export interface TierFigures {
  readonly count: number;
  readonly won: number;
  /** %, this row's signups among all signups (all entities when signups are not given). */
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
  readonly signups: number;
  /** Won in the period (`wonInPeriod`). */
  readonly won: number;
  /** %, won among all entities. */
  readonly baseRate: number;
  /** Highest tier first; the no-tier row last when any entity has no tier. */
  readonly rows: readonly BacktestRow[];
}

export function backtestMetrics(input: BacktestInput): Result<BacktestTable, LearnError> {
  const n = input.tiers.length;
  for (const [name, flags] of [
    ['outcomes', input.won],
    ['period outcomes', input.wonInPeriod],
    ['signup flags', input.signup],
  ] as const) {
    if (flags !== undefined && flags.length !== n)
      return err(learnError('length-mismatch', `${n} tiers but ${flags.length} ${name}`));
  }
  const index = new Map(input.tierOrder.map((name, i) => [name, i]));
  const slots = input.tierOrder.length + 1; // slot 0: no tier
  const counts = new Float64Array(slots);
  const wins = new Float64Array(slots);
  const signupCounts = new Float64Array(slots);
  let totalWon = 0;
  let totalSignups = 0;
  for (let i = 0; i < n; i++) {
    const tier = input.tiers[i] ?? null;
    const position = tier === null ? -1 : index.get(tier);
    if (position === undefined)
      return err(learnError('invalid-option', `tier "${tier}" is not in the tier order`));
    const won = input.won[i] === 1 ? 1 : 0;
    const signup = input.signup === undefined || input.signup[i] === 1 ? 1 : 0;
    counts[position + 1] = (counts[position + 1] ?? 0) + 1;
    wins[position + 1] = (wins[position + 1] ?? 0) + won;
    signupCounts[position + 1] = (signupCounts[position + 1] ?? 0) + signup;
    totalWon += input.wonInPeriod === undefined ? won : input.wonInPeriod[i] === 1 || won === 1 ? 1 : 0;
    totalSignups += signup;
  }
  const baseRate = n === 0 ? 0 : (100 * totalWon) / n;
  const figures = (count: number, won: number, signups: number): TierFigures => {
    const precision = count === 0 ? 0 : (100 * won) / count;
    return {
      count,
      won,
      shareOfSignups: totalSignups === 0 ? 0 : (100 * signups) / totalSignups,
      precision,
      recall: totalWon === 0 ? 0 : (100 * won) / totalWon,
      lift: count === 0 || baseRate === 0 ? null : precision / baseRate,
    };
  };
  const rows: BacktestRow[] = [];
  let cumulativeCount = 0;
  let cumulativeWon = 0;
  let cumulativeSignups = 0;
  for (let slot = input.tierOrder.length; slot >= 0; slot--) {
    const count = counts[slot] ?? 0;
    const won = wins[slot] ?? 0;
    const signups = signupCounts[slot] ?? 0;
    cumulativeCount += count;
    cumulativeWon += won;
    cumulativeSignups += signups;
    if (slot === 0 && count === 0) continue;
    rows.push({
      tier: slot === 0 ? null : (input.tierOrder[slot - 1] ?? null),
      inTier: figures(count, won, signups),
      atOrAbove: figures(cumulativeCount, cumulativeWon, cumulativeSignups),
    });
  }
  return ok({ entities: n, signups: totalSignups, won: totalWon, baseRate, rows });
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
