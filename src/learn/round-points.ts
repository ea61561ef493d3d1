/**
 * Points a person reads at a glance: multiples of 10, else of 5, when that costs no measurable
 * ranking. Each step is tried from the coarsest; it is taken when the training rows' AUC of the
 * rounded points is within `tolerance` of the AUC of the points as fitted — by default half the
 * AUC's standard error (Hanley–McNeil), at most 0.005: less than the rows can tell apart. A
 * signal rounding to 0 is dropped (`rounds-to-zero`). The threshold is chosen afterwards, on the
 * rounded scores.
 */
import type { ProposedPoints } from './calibration-report.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { pointScores } from './point-score.ts';
import { aucStandardError } from './proposal-guards.ts';
import { auc } from './ranking-metrics.ts';
import type { DroppedSignal } from './to-points.ts';

export const POINT_STEPS = [10, 5] as const;

export interface RoundedPoints {
  /** 10, 5, or 1 when no coarser step kept the ranking. */
  readonly step: number;
  readonly points: readonly ProposedPoints[];
  readonly dropped: readonly DroppedSignal[];
  /** Training AUC of the points as fitted and as rounded (equal when the step is 1). */
  readonly aucBefore: number;
  readonly aucAfter: number;
}

export function roundPoints(
  training: FeatureMatrix,
  points: readonly ProposedPoints[],
  options: { readonly cap: number; readonly steps?: readonly number[]; readonly tolerance?: number },
): RoundedPoints {
  const { cap } = options;
  const before = auc(pointScores(training, points, cap), training.labels);
  const positives = training.labels.reduce((sum, label) => sum + label, 0);
  const noise = aucStandardError(before, positives, training.labels.length - positives);
  const tolerance = options.tolerance ?? Math.min(0.005, noise / 2);
  for (const step of options.steps ?? POINT_STEPS) {
    const rounded = points.map((entry) => ({ ...entry, points: roundTo(entry.points, step) }));
    const kept = rounded.filter((entry) => entry.points !== 0);
    if (kept.length === 0) continue;
    const after = auc(pointScores(training, kept, cap), training.labels);
    if (!(after >= before - tolerance)) continue;
    const dropped = rounded
      .filter((entry) => entry.points === 0)
      .map(
        (entry): DroppedSignal => ({
          signal: entry.signal,
          reason: 'rounds-to-zero',
          coefficient: entry.coefficient,
        }),
      );
    const ordered = [...kept].sort(
      (a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.signal < b.signal ? -1 : 1),
    );
    return { step, points: ordered, dropped, aucBefore: before, aucAfter: after };
  }
  return { step: 1, points, dropped: [], aucBefore: before, aucAfter: before };
}

/** Half away from zero, so +x and −x stay mirrored. */
function roundTo(value: number, step: number): number {
  return Math.sign(value) * Math.round(Math.abs(value) / step) * step;
}
