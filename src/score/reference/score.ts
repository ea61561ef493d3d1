/**
 * From signal outcomes to a score (DEFINITION-LANGUAGE.md, "Score"): gates, points, recency
 * multiplier, exact integer rounding, cap, tier and hand-raiser.
 */
import type { DefinitionIR, Gate, PointsEntry, RecencyRow, Tier } from '../../definition/ir.ts';
import { setOwnEntry } from '../../lib/own-entry.ts';
import { inWindow } from './aggregate.ts';
import { type Outcomes, outcomeOf } from './signals.ts';

export interface ScoreParts {
  readonly gates: Readonly<Record<string, boolean>>;
  readonly pointsTotal: number;
  readonly multiplierPercent: number;
  /** Index of the recency row that applied; null when none did (or there are no rows). */
  readonly recencyRow: number | null;
  readonly score: number;
  readonly tier: string | null;
  readonly handRaiser: boolean;
}

export function scoreParts(
  ir: DefinitionIR,
  outcomes: Outcomes,
  lastEventAt: number | null,
  asOf: number,
): ScoreParts {
  // Indexed loops, not `Object.fromEntries`, filter or `for…of`: the real-time server scores hundreds
  // of thousands of entities a minute, and their garbage sets how often it collects (issue 16).
  const { gates: gated, points, handRaisers } = ir;
  const gates: Record<string, boolean> = {};
  for (let i = 0; i < gated.length; i++) {
    const gate = gated[i] as Gate;
    setOwnEntry(gates, gate.name, outcomeOf(outcomes, gate.signal).holds);
  }
  let pointsTotal = 0;
  for (let i = 0; i < points.length; i++) {
    const entry = points[i] as PointsEntry;
    if (outcomeOf(outcomes, entry.signal).holds) pointsTotal += entry.points;
  }
  const recencyRow = matchingRecencyRow(ir.recency, lastEventAt, asOf);
  const multiplierPercent = percentOf(ir.recency, recencyRow);
  // What the record holds: a gate named twice counts as its last entry says.
  let gatesHold = true;
  for (let i = 0; i < gated.length; i++) if (gates[(gated[i] as Gate).name] !== true) gatesHold = false;
  let handRaiser = false;
  for (let i = 0; i < handRaisers.length && !handRaiser; i++) {
    handRaiser = outcomeOf(outcomes, handRaisers[i] as string).holds;
  }
  const score = gatesHold ? clamp(applyPercent(pointsTotal, multiplierPercent), 0, ir.cap) : 0;
  return {
    gates,
    pointsTotal,
    multiplierPercent,
    recencyRow,
    score,
    tier: tierFor(ir.tiers, score)?.name ?? null,
    handRaiser,
  };
}

/** The first row whose window holds the last counted event, else the `otherwise` row (also with no event). */
export function matchingRecencyRow(
  rows: readonly RecencyRow[],
  lastEventAt: number | null,
  asOf: number,
): number | null {
  const index = rows.findIndex(
    (row) => row.withinMs === null || (lastEventAt !== null && inWindow(lastEventAt, asOf, row.withinMs)),
  );
  return index < 0 ? null : index;
}

/**
 * Without recency rows the multiplier is 100 %. Rows that all miss, with no `otherwise` row,
 * give 0 %: the entity is not recent enough for any of them.
 */
export function percentOf(rows: readonly RecencyRow[], row: number | null): number {
  if (rows.length === 0) return 100;
  return row === null ? 0 : (rows[row]?.percent ?? 0);
}

/** round(points × percent / 100), half up, in integers: floor((points × percent + 50) / 100). */
export function applyPercent(points: number, percent: number): number {
  return floorDiv(points * percent + 50, 100);
}

function floorDiv(numerator: number, denominator: number): number {
  const remainder = ((numerator % denominator) + denominator) % denominator;
  return (numerator - remainder) / denominator;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

export function tierFor(tiers: readonly Tier[], score: number): Tier | null {
  let found: Tier | null = null;
  for (const tier of tiers) if (tier.min <= score && (found === null || tier.min >= found.min)) found = tier;
  return found;
}
