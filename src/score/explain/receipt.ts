/**
 * The "why" receipt for one entity as of a time: every gate, every signal with its evidence, the
 * points, the multiplier, the score and tier, and what is missing for the next tier. A plain,
 * serialisable value: alerts attach it, the dashboard shows it, `renderReceipt` writes it as text.
 */
import type { Aggregation, Comparison, PropertyFilter } from '../../definition/ir.ts';
import type { EntityType } from '../../model/dataset.ts';
import type { SignalValue } from '../entity-score.ts';

export interface Receipt {
  readonly definition: string;
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly asOf: number;
  readonly score: number;
  readonly tier: string | null;
  readonly handRaiser: boolean;
  /** The hand-raiser signals that hold. */
  readonly handRaisers: readonly string[];
  readonly gates: readonly GateReceipt[];
  /** The first gate that does not hold; the reason the score is 0. */
  readonly failingGate: string | null;
  /** Every named signal (inline ones are shown inside their parents), in definition order. */
  readonly signals: readonly SignalReceipt[];
  readonly pointsTotal: number;
  readonly multiplierPercent: number;
  readonly cap: number;
  readonly recency: RecencyReceipt;
  readonly lastEventAt: number | null;
  /** null when already in the top tier or there are no tiers. */
  readonly nextTier: NextTierReceipt | null;
}

export interface GateReceipt {
  readonly name: string;
  readonly signal: string;
  readonly label: string | null;
  readonly held: boolean;
}

export interface SignalReceipt {
  readonly name: string;
  readonly label: string | null;
  readonly holds: boolean;
  readonly value: SignalValue;
  /** The points the definition gives this signal; null when it has none. */
  readonly points: number | null;
  /** What it added to the total: its points when it holds, else 0. */
  readonly contributed: number;
  readonly evidence: Evidence;
  /** For a signal short of its `at_least`: how far it got ("2 of 3"). */
  readonly progress: Progress | null;
}

export interface Progress {
  readonly have: number;
  readonly need: number;
}

export type Evidence = AggregateEvidence | TraitEvidence | SeenEvidence | CombinationEvidence;

export interface AggregateEvidence {
  readonly kind: 'aggregate';
  /** null: every counted event. */
  readonly event: string | null;
  readonly aggregation: Aggregation;
  readonly value: number;
  /** The signal's property filters (absent in receipts stored before they were recorded). */
  readonly where?: readonly PropertyFilter[];
  readonly withinMs: number | null;
  /** How many events matched name, window and filters. */
  readonly matched: number;
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  readonly atLeast: number | null;
  readonly atMost: number | null;
}

export interface TraitEvidence {
  readonly kind: 'trait';
  readonly trait: string;
  readonly value: SignalValue;
  readonly comparison: Comparison;
}

export interface SeenEvidence {
  readonly kind: 'last_seen' | 'first_seen';
  readonly at: number | null;
  readonly days: number | null;
  readonly windowMs: number;
}

export interface CombinationEvidence {
  readonly kind: 'all' | 'any' | 'not' | 'count_of';
  readonly items: readonly CombinationItem[];
  readonly atLeast: number | null;
  readonly atMost: number | null;
}

export interface CombinationItem {
  /** A named signal, or an inline one's generated name (`parent.1`): never shown to people. */
  readonly name: string;
  readonly label: string | null;
  readonly holds: boolean;
  /** The item's own evidence, so it can be described in words (absent in older receipts). */
  readonly evidence?: Evidence;
}

export interface RecencyReceipt {
  /** Index of the matching row; null when none matched or there are no rows. */
  readonly row: number | null;
  /** The matching row's window; null for `otherwise` (or no row). */
  readonly withinMs: number | null;
  readonly percent: number;
  readonly hasRows: boolean;
}

export interface NextTierReceipt {
  readonly name: string;
  readonly min: number;
  readonly scoreGap: number;
  /** More points needed at the current multiplier; null when unreachable (0 % multiplier, or above the cap). */
  readonly pointsNeeded: number | null;
  /** Gates that must hold first. */
  readonly blockedBy: readonly string[];
  /** Signals with positive points that do not hold yet, most points first. */
  readonly candidates: readonly { readonly signal: string; readonly points: number }[];
}
