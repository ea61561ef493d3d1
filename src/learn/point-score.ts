/**
 * Scores of a point model over a feature matrix, by the language's own rule (Score, steps 1–4):
 * 0 when a gate fails, else clamp(round(points_total × multiplier), 0, cap) in integer arithmetic.
 * Calibration judges the points it proposes, not the logistic model behind them.
 */
import { binaryColumn } from './count-cut.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

export interface PointRule {
  readonly signal: string;
  readonly points: number;
  /** For a count feature: the signal holds when `value ≥ cut`. Null for a boolean feature. */
  readonly cut: number | null;
}

export function pointScores(matrix: FeatureMatrix, rules: readonly PointRule[], cap: number): Float64Array {
  const n = matrix.labels.length;
  const totals = new Float64Array(n);
  for (const rule of rules) {
    const feature = matrix.features.find((candidate) => candidate.name === rule.signal);
    if (feature === undefined) throw new Error(`bug: no feature "${rule.signal}" for a point rule`);
    const holds = rule.cut === null ? feature.values : binaryColumn(feature.values, rule.cut);
    for (let i = 0; i < n; i++) if (holds[i] === 1) totals[i] = (totals[i] ?? 0) + rule.points;
  }
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (matrix.gatePassed !== undefined && matrix.gatePassed[i] !== 1) continue;
    const percent = matrix.multiplierPercent?.[i] ?? 100;
    const rounded = Math.floor(((totals[i] ?? 0) * percent + 50) / 100);
    scores[i] = Math.min(cap, Math.max(0, rounded));
  }
  return scores;
}
