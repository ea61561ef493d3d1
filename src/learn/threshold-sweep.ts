/**
 * The threshold sweep: for every distinct score, what qualifying at `score ≥ threshold` would
 * give — PQL rate, precision, recall — and the choice of one threshold for a target rate or
 * precision. Percentages throughout (0–100), as the seeds speak of them.
 */
import { err, ok, type Result } from '../lib/result.ts';
import { type LearnError, learnError } from './learn-error.ts';
import { type SplitScores, splitByLabel } from './ranking-metrics.ts';

export interface SweepPoint {
  /** Qualify when `score ≥ threshold`. */
  readonly threshold: number;
  readonly qualified: number;
  /** Converters among the qualified. */
  readonly truePositives: number;
  /** Qualified share of all entities (the PQL rate), %. */
  readonly pqlRate: number;
  /** Converters among the qualified, %; 0 when nobody qualifies. */
  readonly precision: number;
  /** Qualified share of all converters, %. */
  readonly recall: number;
}

/** Ascending by threshold; so `qualified`, `pqlRate` and `recall` never increase along it. */
export function sweepThresholds(scores: Float64Array, labels: Uint8Array): SweepPoint[] {
  return sweepOfSplit(splitByLabel(scores, labels));
}

export function sweepOfSplit({ positives, negatives }: SplitScores): SweepPoint[] {
  const total = positives.length + negatives.length;
  const descending: SweepPoint[] = [];
  let p = positives.length;
  let q = negatives.length;
  while (p > 0 || q > 0) {
    const threshold = Math.max(
      p > 0 ? (positives[p - 1] ?? 0) : -Infinity,
      q > 0 ? (negatives[q - 1] ?? 0) : -Infinity,
    );
    while (p > 0 && positives[p - 1] === threshold) p--;
    while (q > 0 && negatives[q - 1] === threshold) q--;
    const truePositives = positives.length - p;
    const qualified = truePositives + negatives.length - q;
    descending.push({
      threshold,
      qualified,
      truePositives,
      pqlRate: (100 * qualified) / total,
      precision: qualified === 0 ? 0 : (100 * truePositives) / qualified,
      recall: positives.length === 0 ? 0 : (100 * truePositives) / positives.length,
    });
  }
  return descending.reverse();
}

export type ThresholdTarget = { readonly targetRate: number } | { readonly targetPrecision: number };

/** Rejects targets that cannot mean anything before any data is looked at. */
export function checkTarget(target: ThresholdTarget): Result<ThresholdTarget, LearnError> {
  if ('targetRate' in target) {
    const rate = target.targetRate;
    if (!Number.isFinite(rate) || rate <= 0 || rate >= 100) {
      return err(learnError('target-rate-out-of-range', `target PQL rate ${rate} % is outside (0, 100)`));
    }
    return ok(target);
  }
  const precision = target.targetPrecision;
  if (!Number.isFinite(precision) || precision <= 0 || precision > 100) {
    return err(
      learnError('target-precision-out-of-range', `target precision ${precision} % is outside (0, 100]`),
    );
  }
  return ok(target);
}

/**
 * `targetRate`: the threshold whose PQL rate is closest to the target (on a tie, the higher
 * threshold: fewer, better leads). `targetPrecision`: the lowest threshold reaching the precision,
 * which keeps the most recall.
 */
export function chooseThreshold(
  sweep: readonly SweepPoint[],
  target: ThresholdTarget,
): Result<SweepPoint, LearnError> {
  const checked = checkTarget(target);
  if (!checked.ok) return checked;
  if ('targetRate' in target) {
    let best: SweepPoint | null = null;
    for (const point of sweep) {
      if (
        best === null ||
        Math.abs(point.pqlRate - target.targetRate) <= Math.abs(best.pqlRate - target.targetRate)
      ) {
        best = point;
      }
    }
    if (best === null) return err(learnError('too-few-rows', 'the sweep is empty'));
    return ok(best);
  }
  const reaching = sweep.find((point) => point.qualified > 0 && point.precision >= target.targetPrecision);
  if (reaching === undefined) {
    const top = sweep.reduce((best, point) => Math.max(best, point.precision), 0);
    return err(
      learnError(
        'precision-unreachable',
        `the best precision of any threshold is ${top.toFixed(1)} %, below the target ${target.targetPrecision} %`,
      ),
    );
  }
  return ok(reaching);
}
