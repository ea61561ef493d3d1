/**
 * What `calibrate` returns: plain JSON-serialisable data (no typed arrays), written as the JSON
 * report and rendered as the HTML report. Percentages are 0–100; AUC is 0–1; times are ISO 8601.
 */
import type { LeakageFlag } from './leakage.ts';
import type { LiftRow } from './lift-table.ts';
import type { ModelMetrics } from './model-metrics.ts';
import type { ProposedTier } from './propose-tiers.ts';
import type { SweepPoint, ThresholdTarget } from './threshold-sweep.ts';
import type { DroppedSignal } from './to-points.ts';

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
    | 'not-converged'
    | 'leakage-excluded'
    | 'worse-than-current';
  readonly message: string;
}

export interface CalibrationReport {
  readonly version: 1;
  readonly rows: {
    readonly total: number;
    readonly training: number;
    readonly holdout: number;
    readonly trainingConverters: number;
    readonly holdoutConverters: number;
    /** The earliest holdout decision time; every training decision time is before it. */
    readonly holdoutFrom: string;
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
    readonly iterations: number;
    readonly converged: boolean;
  };
  /** Strongest first. */
  readonly points: readonly ProposedPoints[];
  readonly dropped: readonly DroppedSignal[];
  /** Points of the strongest signal. */
  readonly scale: number;
  readonly cap: number;
  /** Training rows scored with the proposed points, ascending threshold. */
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
