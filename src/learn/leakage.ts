/**
 * Leakage: a feature that already knows the answer. Either it separates converters almost
 * perfectly on its own (single-feature AUC ≥ 0.98, or ≤ 0.02 — an inverted copy of the label is
 * the same leak), which in product data nearly always means it was computed from the outcome
 * ("has a paid plan", "opportunity stage"); or it was observed after the decision time, so it
 * would not have been known when the qualification had to be made. A value observed exactly at
 * the decision time was known then (scoring as of T sees everything at or before T).
 */
import type { FeatureMatrix } from './feature-matrix.ts';
import { auc } from './ranking-metrics.ts';

export type LeakageReason = 'separates-label' | 'observed-after-decision';

export interface LeakageFlag {
  readonly signal: string;
  readonly reason: LeakageReason;
  /** Single-feature AUC (for `separates-label`). */
  readonly auc: number | null;
  /** Rows whose value was observed after their decision time (for `observed-after-decision`). */
  readonly rowsObservedLate: number;
}

export interface LeakageOptions {
  /** Default 0.98. */
  readonly aucLimit?: number;
}

/** Call on the training rows only: the holdout must not influence which features are used. */
export function detectLeakage(matrix: FeatureMatrix, options: LeakageOptions = {}): LeakageFlag[] {
  const limit = options.aucLimit ?? 0.98;
  const flags: LeakageFlag[] = [];
  for (const feature of matrix.features) {
    const late = rowsObservedLate(feature.observedAt, matrix.decisionTimes);
    if (late > 0)
      flags.push({
        signal: feature.name,
        reason: 'observed-after-decision',
        auc: null,
        rowsObservedLate: late,
      });
    const value = auc(feature.values, matrix.labels);
    if (Math.max(value, 1 - value) >= limit) {
      flags.push({ signal: feature.name, reason: 'separates-label', auc: value, rowsObservedLate: late });
    }
  }
  return flags;
}

function rowsObservedLate(observedAt: Float64Array | undefined, decisionTimes: Float64Array): number {
  if (observedAt === undefined) return 0;
  let late = 0;
  for (let i = 0; i < observedAt.length; i++) {
    // NaN (unknown) compares false and is not counted.
    if ((observedAt[i] ?? Number.NaN) > (decisionTimes[i] ?? 0)) late++;
  }
  return late;
}
