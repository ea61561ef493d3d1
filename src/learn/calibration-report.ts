/**
 * What `calibrate` returns: plain JSON-serialisable data (no typed arrays), written as the JSON
 * report and rendered as the HTML report. Percentages are 0–100; AUC is 0–1; times are ISO 8601.
 */
import type { LeakageFlag } from './leakage.ts';
import type { LiftRow } from './lift-table.ts';
import type { ModelMetrics } from './model-metrics.ts';
import type { Refusal } from './proposal-guards.ts';
import type { ProposedTier } from './propose-tiers.ts';
import type { SweepPoint, ThresholdTarget } from './threshold-sweep.ts';
import type { DroppedSignal } from './to-points.ts';
import type { TuningTrial } from './tune-model.ts';

export interface ProposedPoints {
  readonly signal: string;
  readonly label: string | null;
  readonly points: number;
  /** For a count feature, the `at_least` the proposal writes; null for a boolean one. */
  readonly cut: number | null;
  /** Log-odds when the signal holds, from the refit on the kept signals. */
  readonly coefficient: number;
  readonly standardError: number;
  readonly zScore: number;
}

export interface CalibrationWarning {
  readonly code:
    | 'pql-rate-outside-healthy-range'
    | 'precision-below-20'
    | 'too-tight'
    | 'unreachable-tier'
    | 'not-converged'
    | 'leakage-excluded'
    | 'worse-than-current'
    | 'current-points-kept';
  readonly message: string;
}

/**
 * How the feature matrix was made, stated in the report so a reader can judge it: what an entity
 * is, when it was decided, what counts as converted, and what was left out to avoid leakage.
 * Written by whoever builds the matrix (the CLI from the store); calibration only passes it on.
 */
export interface CalibrationSetup {
  /** `events` (event vocabulary, traits and the definition's signals) or `traits` (a lead table). */
  readonly source: string;
  readonly entity: string;
  /** The outcome that counts as converted, e.g. `won`. */
  readonly label: string;
  /** The decision-time rule in words. */
  readonly decision: string;
  /** Earliest and latest decision time, ISO 8601. */
  readonly decisionRange: readonly [string, string];
  /** Converted only when the outcome falls within this long after the decision (null: any time after). */
  readonly horizon: string | null;
  readonly excludedEvents: readonly string[];
  readonly excludedTraits: readonly string[];
  /** Candidate signals left out before calibration (identical to another, built on an excluded event…). */
  readonly leftOut: readonly { readonly signal: string; readonly reason: string }[];
  /** Entities considered and why some are not rows. */
  readonly population: Readonly<Record<string, number>>;
}

export interface CalibrationReport {
  readonly version: 1;
  /** How the matrix was made (null when the caller did not say). */
  readonly setup: CalibrationSetup | null;
  /**
   * Where the proposed points come from: `fitted` (the model below), or `current` when the current
   * definition ranked the later training rows better than every fitted setting — then `points` is
   * empty, the definition's own points stay, and only the threshold and tiers are new.
   */
  readonly proposal: { readonly source: 'fitted' | 'current'; readonly reason: string | null };
  /**
   * Why this proposal must not be adopted (proposal-guards.ts): it ranks no better than chance, on
   * the training rows or the holdout, qualifies everyone or no one, or ranks worse than the best
   * single signal. Null when it passed. The CLI then writes the report but no proposal.
   */
  readonly refusal: Refusal | null;
  readonly rows: {
    readonly total: number;
    readonly training: number;
    readonly holdout: number;
    readonly trainingConverters: number;
    readonly holdoutConverters: number;
    /** How the holdout was chosen, in words ("the latest 20 % by decision time", "a random 20 % (seed 7)"). */
    readonly holdoutRule: string;
    /** The earliest holdout decision time; with the default rule every training decision time is at or before it. */
    readonly holdoutFrom: string;
    /**
     * When entities decided at `holdoutFrom` are split by first-seen time, the first-seen time from
     * which they are in the holdout (null when decision times alone split the rows).
     */
    readonly holdoutFirstSeenFrom: string | null;
    /** %, converters among training rows. */
    readonly trainingBaseRate: number;
    readonly holdoutBaseRate: number;
  };
  readonly target: ThresholdTarget;
  /** Per candidate signal, on the training rows. */
  readonly lift: readonly LiftRow[];
  readonly leakage: readonly LeakageFlag[];
  readonly model: {
    readonly intercept: number;
    readonly l2: number;
    /** Minimum |z| of a kept signal. */
    readonly minZ: number;
    /** The settings tried on the training rows (later rows judging earlier fits); null when not tuned. */
    readonly tuning: readonly TuningTrial[] | null;
    /** The current definition's AUC on the same judging rows as `tuning` (null: none, or not tuned). */
    readonly currentAuc: number | null;
    /** At most this many signals got points: `given`, or one per ten training rows of the rarer class (`rows`). */
    readonly maxSignals: number;
    readonly maxSignalsRule: 'given' | 'rows';
    /**
     * What the readable cap of 12 costs: the same fit allowed what the rows support (`maxSignals`,
     * up to 30) kept `signals` and ranks the holdout at `auc` (the proposal: `proposedAuc`). Null
     * when the cap did not bind, was given, or the current points were kept.
     */
    readonly budgetCost: {
      readonly maxSignals: number;
      readonly signals: number;
      readonly auc: number;
      readonly proposedAuc: number | null;
    } | null;
    /** Points are multiples of this (10, 5, or 1 when rounding cost ranking); null when the current points were kept. */
    readonly pointStep: number | null;
    readonly iterations: number;
    readonly converged: boolean;
  };
  /** Strongest first; empty when the current definition's points are kept (`proposal.source`). */
  readonly points: readonly ProposedPoints[];
  readonly dropped: readonly DroppedSignal[];
  /** Points of the strongest signal. */
  readonly scale: number;
  readonly cap: number;
  /** Training rows scored with the proposed points (or the kept current ones), ascending threshold. */
  readonly sweep: readonly SweepPoint[];
  /** The chosen point of the training sweep: PQL = score ≥ threshold.threshold. */
  readonly threshold: SweepPoint;
  readonly tiers: readonly ProposedTier[];
  /** On the holdout rows. */
  readonly validation: {
    readonly proposed: ModelMetrics;
    readonly current: ModelMetrics | null;
    readonly bestSingle: (ModelMetrics & { readonly signal: string }) | null;
  };
  readonly warnings: readonly CalibrationWarning[];
}
