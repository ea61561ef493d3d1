/**
 * When a change of score is a qualification: the one rule the live engine, the replay of history
 * and the backtest share, so the three agree by construction.
 *
 * - **qualified**: the entity's tier rose, or a hand-raiser fired that had not held before;
 * - **downgraded**: the tier fell (recorded, never alerted);
 * - otherwise nothing happened worth a receipt.
 *
 * Tiers rank by their order in the IR (ascending minimum). No tier ranks lowest, and so does a
 * floor tier whose minimum is ≤ 0: every entity scores at least 0, so entering it says nothing
 * (a new user landing in "cold" is not a qualification).
 */
import type { DefinitionIR } from '../definition/ir.ts';

export interface TierState {
  readonly tier: string | null;
  readonly handRaiser: boolean;
}

export type TransitionKind = 'qualified' | 'downgraded';

export function tierRank(ir: Pick<DefinitionIR, 'tiers'>, tier: string | null): number {
  if (tier === null) return 0;
  const index = ir.tiers.findIndex((t) => t.name === tier);
  if (index < 0) return 0;
  const floor = ir.tiers[0] !== undefined && ir.tiers[0].min <= 0 ? 1 : 0;
  return index + 1 - floor;
}

/** `previous` null: the entity had no recorded state (it is new, or scoring starts now). */
export function tierTransition(
  ir: Pick<DefinitionIR, 'tiers'>,
  previous: TierState | null,
  next: TierState,
): TransitionKind | null {
  const before = tierRank(ir, previous?.tier ?? null);
  const after = tierRank(ir, next.tier);
  if (after > before) return 'qualified';
  if (next.handRaiser && !(previous?.handRaiser ?? false)) return 'qualified';
  if (after < before) return 'downgraded';
  return null;
}
