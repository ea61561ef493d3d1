/** What every evaluator (reference, real time, SQL) returns for one entity as of a time. */
import type { EntityType } from '../model/dataset.ts';

export type SignalValue = number | boolean | string | null;

export interface SignalOutcome {
  readonly holds: boolean;
  /**
   * Count or sum for aggregates; the trait value for trait signals (strings and numbers as stored,
   * null when missing, other JSON as its JSON text); whole days since the event for
   * last_seen/first_seen (null with no event); boolean for all/any/not; how many hold for `of`.
   */
  readonly value: SignalValue;
}

export interface EntityScore {
  readonly entityType: EntityType;
  readonly entityId: string;
  /** Epoch ms. */
  readonly asOf: number;
  readonly score: number;
  /** The highest tier whose minimum ≤ score; null when the score is below every tier. */
  readonly tier: string | null;
  readonly handRaiser: boolean;
  readonly gates: Readonly<Record<string, boolean>>;
  readonly signals: Readonly<Record<string, SignalOutcome>>;
  readonly pointsTotal: number;
  readonly multiplierPercent: number;
  /** Epoch ms of the entity's last counted event at or before `asOf`, null when none. */
  readonly lastEventAt: number | null;
}
