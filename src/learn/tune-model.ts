/**
 * Choosing how hard the model is regularised (the L2 penalty) and how sure a signal must be to
 * keep points (the minimum |z|), by the same rule as the holdout but inside the training rows: the
 * earlier training rows fit, the later ones judge (AUC of the proposed points; averaged over three
 * later blocks when rows are few), each pair of a small grid is tried, and the best is refitted on
 * all training rows. The holdout is never looked at.
 * With many rows the earlier ones are sampled (10,000, evenly spread): settings, not points, are chosen.
 *
 * Few rows and many correlated candidates call for a stronger penalty and a laxer screen (many
 * small points); many rows for the defaults. On a tie the earlier grid entry wins (the defaults first).
 *
 * The current definition, when there is one, is judged on the same rows: if no fitted setting
 * beats it there, calibration keeps its points (small data often favours a person's simple weights).
 */
import type { FeatureMatrix } from './feature-matrix.ts';
import { selectRows } from './feature-matrix.ts';
import { type CutFamily, fitPoints } from './fit-points.ts';
import { timeHoldoutSplit } from './holdout.ts';
import { pointScores } from './point-score.ts';
import { auc } from './ranking-metrics.ts';

export interface TuningTrial {
  readonly l2: number;
  readonly minZ: number;
  /** Mean AUC of the points on the later training rows; null when a fit failed. */
  readonly auc: number | null;
  /** Signals kept with points. */
  readonly kept: number;
}

export interface Tuning {
  readonly l2: number;
  readonly minZ: number;
  /** Empty when tuning was not possible (the training rows cannot be split in time). */
  readonly trials: readonly TuningTrial[];
  /**
   * Mean AUC of the current definition's own scores on the same judging rows (null without a
   * current definition or without folds): the bar a fitted setting must clear to replace it.
   */
  readonly currentAuc: number | null;
}

export const TUNING_GRID: readonly { readonly l2: number; readonly minZ: number }[] = [
  { l2: 1, minZ: 1.96 },
  { l2: 10, minZ: 1.96 },
  { l2: 10, minZ: 1 },
  { l2: 100, minZ: 1 },
  { l2: 30, minZ: 0.5 },
  { l2: 100, minZ: 0.5 },
];

/**
 * A setting is chosen only if its points rank the judging rows clearly better than chance; when
 * none does (signals that carry nothing), the defaults decide, and they keep no noise.
 */
export const MIN_TUNED_AUC = 0.55;

export interface TuneInput {
  readonly training: FeatureMatrix;
  readonly candidates: ReadonlyMap<string, number | null>;
  readonly maxIter: number;
  readonly tol: number;
  readonly scale: number;
  readonly cap: number;
  readonly maxSignals: number;
  readonly families?: ReadonlyMap<string, CutFamily>;
  /** Share of the training rows (the latest) that judge when there are many. Default 0.25. */
  readonly validationShare?: number;
  /** The earlier rows fit on at most this many of them, evenly spread. Default 10,000. */
  readonly maxFitRows?: number;
}

export function tuneModel(input: TuneInput, fallback: { l2: number; minZ: number }): Tuning {
  const folds = timeFolds(input.training, input.validationShare ?? 0.25, input.maxFitRows ?? 10_000);
  if (folds.length === 0) return { ...fallback, trials: [], currentAuc: null };
  const trials = TUNING_GRID.map(({ l2, minZ }): TuningTrial => {
    let sum = 0;
    let kept = 0;
    for (const { fit, judge } of folds) {
      const fitted = fitPoints({
        training: fit,
        candidates: input.candidates,
        logistic: { l2, maxIter: input.maxIter, tol: input.tol },
        scale: input.scale,
        minZ,
        maxSignals: input.maxSignals,
        ...(input.families === undefined ? {} : { families: input.families }),
      });
      if (!fitted.ok) return { l2, minZ, auc: null, kept: 0 };
      sum += auc(pointScores(judge, fitted.value.points, input.cap), judge.labels);
      kept = fitted.value.points.length;
    }
    return { l2, minZ, auc: sum / folds.length, kept };
  });
  let best: TuningTrial | null = null;
  for (const trial of trials) {
    if (trial.auc === null || !Number.isFinite(trial.auc) || trial.auc < MIN_TUNED_AUC) continue;
    if (best === null || (best.auc ?? 0) < trial.auc) best = trial;
  }
  const currentAuc = meanCurrentAuc(folds);
  return best === null
    ? { ...fallback, trials, currentAuc }
    : { l2: best.l2, minZ: best.minZ, trials, currentAuc };
}

/** True when no fitted setting ranked the judging rows strictly better than the current definition. */
export function currentDefinitionWins(tuning: Tuning): boolean {
  if (tuning.currentAuc === null) return false;
  const fitted = tuning.trials.flatMap((trial) =>
    trial.auc !== null && Number.isFinite(trial.auc) ? [trial.auc] : [],
  );
  return !(Math.max(-Infinity, ...fitted) > tuning.currentAuc);
}

function meanCurrentAuc(folds: readonly { judge: FeatureMatrix }[]): number | null {
  let sum = 0;
  for (const { judge } of folds) {
    if (judge.current === undefined) return null;
    sum += auc(judge.current.scores, judge.labels);
  }
  return Number.isFinite(sum) ? sum / folds.length : null;
}

/**
 * Earlier rows fit, the next later block judges. With fewer than 20,000 training rows one judging
 * block is too noisy, so there are three, each fitted on everything before it (the latest half of
 * the rows judged in thirds); with more, one (the latest `share`). Folds whose judges lack a class
 * are skipped.
 */
function timeFolds(
  training: FeatureMatrix,
  share: number,
  maxFitRows: number,
): { fit: FeatureMatrix; judge: FeatureMatrix }[] {
  const starts = training.labels.length < 20_000 ? [0.5, 2 / 3, 5 / 6] : [1 - share];
  const later = (fromShare: number): Set<number> | null => {
    if (fromShare >= 1) return new Set();
    const split = timeHoldoutSplit(training.decisionTimes, 1 - fromShare, training.firstSeen);
    return split.ok ? new Set(split.value.holdout) : null;
  };
  const folds: { fit: FeatureMatrix; judge: FeatureMatrix }[] = [];
  starts.forEach((start, k) => {
    const from = later(start);
    const after = later(starts[k + 1] ?? 1);
    if (from === null || after === null) return;
    const judgeRows = Uint32Array.from([...from].filter((row) => !after.has(row)));
    const fitRows: number[] = [];
    for (let row = 0; row < training.labels.length; row++) if (!from.has(row)) fitRows.push(row);
    const fit = selectRows(training, everyKth(Uint32Array.from(fitRows), maxFitRows));
    const judge = selectRows(training, judgeRows);
    if (hasBothClasses(fit.labels) && hasBothClasses(judge.labels)) folds.push({ fit, judge });
  });
  return folds;
}

/** At most `limit` of the rows, evenly spread (deterministic): with many rows a sample decides as well. */
function everyKth(rows: Uint32Array, limit: number): Uint32Array {
  if (rows.length <= limit) return rows;
  return Uint32Array.from({ length: limit }, (_, i) => rows[Math.floor((i * rows.length) / limit)] ?? 0);
}

function hasBothClasses(labels: Uint8Array): boolean {
  let ones = 0;
  for (let i = 0; i < labels.length; i++) ones += labels[i] ?? 0;
  return ones > 0 && ones < labels.length;
}
