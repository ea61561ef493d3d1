/**
 * A count feature becomes a yes/no signal `value ≥ cut` so it can carry points (the language gives
 * points to signals that hold). The cut is the one that best separates converters from the rest
 * on the training rows: the largest |true-positive rate − false-positive rate| (Youden's J), the
 * lowest such cut on a tie. It is written back as the signal's `at_least`, as the simplest number
 * selecting the same training rows (`3.4` rather than `3.4999999`; counts stay whole numbers).
 */
import type { FeatureColumn } from './feature-matrix.ts';
import { simplestAbove } from './nice-number.ts';
import { splitByLabel } from './ranking-metrics.ts';
import { sweepOfSplit } from './threshold-sweep.ts';

/** The cut for a count column; null when no positive value separates anything (e.g. all zero). */
export function chooseCut(values: Float64Array, labels: Uint8Array): number | null {
  const split = splitByLabel(values, labels);
  const positives = split.positives.length;
  const negatives = split.negatives.length;
  if (positives === 0 || negatives === 0) return null;
  let best: number | null = null;
  let bestJ = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (const point of sweepOfSplit(split)) {
    const below = previous;
    previous = point.threshold;
    if (point.threshold <= 0) continue;
    const tpr = point.truePositives / positives;
    const fpr = (point.qualified - point.truePositives) / negatives;
    const j = Math.abs(tpr - fpr);
    if (j > bestJ) {
      bestJ = j;
      best = simplestAbove(Math.max(below, 0), point.threshold);
    }
  }
  return best;
}

/** 0/1 column of `value ≥ cut`. */
export function binaryColumn(values: Float64Array, cut: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] ?? 0) >= cut ? 1 : 0;
  return out;
}

/** The column the model sees: booleans as they are, counts cut (an all-zero column when no cut). */
export function modelColumn(feature: FeatureColumn, cut: number | null): Float64Array {
  if (feature.kind === 'boolean') return feature.values;
  return cut === null ? new Float64Array(feature.values.length) : binaryColumn(feature.values, cut);
}
