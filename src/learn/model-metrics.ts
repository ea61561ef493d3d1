/**
 * The figures a model is judged by on the holdout, the same for the proposal, the current
 * definition and the best single signal so they can be read side by side.
 */
import {
  aucOfSplit,
  type GainPoint,
  gainCurve,
  splitByLabel,
  topDecileLiftOfSplit,
} from './ranking-metrics.ts';

export interface ModelMetrics {
  /** Null when undefined (one class missing). */
  readonly auc: number | null;
  readonly qualified: number;
  /** %, of all entities. */
  readonly pqlRate: number;
  /** %, converters among the qualified (0 when nobody qualifies). */
  readonly precision: number;
  /** %, qualified among converters. */
  readonly recall: number;
  /** Precision over the base rate; null when nobody qualifies. */
  readonly liftAtThreshold: number | null;
  readonly topDecileLift: number | null;
  /** Cumulative gain by score, every 5 %. */
  readonly gain: readonly GainPoint[];
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

export function modelMetrics(
  scores: Float64Array,
  labels: Uint8Array,
  qualifiedFlags: Uint8Array,
): ModelMetrics {
  const split = splitByLabel(scores, labels);
  const n = labels.length;
  let qualified = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    if (qualifiedFlags[i] === 1) {
      qualified++;
      hits += labels[i] ?? 0;
    }
  }
  const converters = split.positives.length;
  const precision = qualified === 0 ? 0 : (100 * hits) / qualified;
  const baseRate = n === 0 ? 0 : (100 * converters) / n;
  return {
    auc: finiteOrNull(aucOfSplit(split)),
    qualified,
    pqlRate: n === 0 ? 0 : (100 * qualified) / n,
    precision,
    recall: converters === 0 ? 0 : (100 * hits) / converters,
    liftAtThreshold: qualified === 0 || baseRate === 0 ? null : precision / baseRate,
    topDecileLift: finiteOrNull(topDecileLiftOfSplit(split)),
    gain: gainCurve(split),
  };
}

/** `score ≥ threshold` as 0/1 flags. */
export function qualifiedAt(scores: Float64Array, threshold: number): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = (scores[i] ?? 0) >= threshold ? 1 : 0;
  return out;
}
