/** What stands between an entity and the next tier: gates, and points at the current multiplier. */
import type { DefinitionIR } from '../../definition/ir.ts';
import type { NextTierReceipt, SignalReceipt } from './receipt.ts';

export interface Standing {
  readonly score: number;
  readonly pointsTotal: number;
  readonly multiplierPercent: number;
  readonly failingGates: readonly string[];
  readonly signals: readonly SignalReceipt[];
}

export function nextTier(ir: DefinitionIR, standing: Standing): NextTierReceipt | null {
  const above = ir.tiers.filter((tier) => tier.min > standing.score);
  const next = above.reduce<(typeof above)[number] | null>(
    (lowest, tier) => (lowest === null || tier.min < lowest.min ? tier : lowest),
    null,
  );
  if (next === null) return null;
  return {
    name: next.name,
    min: next.min,
    scoreGap: next.min - standing.score,
    pointsNeeded: pointsNeeded(next.min, ir.cap, standing),
    blockedBy: standing.failingGates,
    candidates: standing.signals
      .filter((signal) => !signal.holds && signal.points !== null && signal.points > 0)
      .map((signal) => ({ signal: signal.name, points: signal.points ?? 0 }))
      .sort((a, b) => b.points - a.points),
  };
}

/**
 * The smallest total P with floor((P × percent + 50) / 100) ≥ min is
 * ceil((100 × min − 50) / percent); the gap from today's total is what is missing.
 */
function pointsNeeded(min: number, cap: number, standing: Standing): number | null {
  if (min > cap || standing.multiplierPercent <= 0) return null;
  const required = ceilDiv(100 * min - 50, standing.multiplierPercent);
  return Math.max(0, required - standing.pointsTotal);
}

function ceilDiv(numerator: number, denominator: number): number {
  const remainder = ((numerator % denominator) + denominator) % denominator;
  return (numerator - remainder) / denominator + (remainder === 0 ? 0 : 1);
}
