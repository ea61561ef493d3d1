/**
 * Calibration end to end: split by time, screen for leakage, read per-signal lift, fit and scale
 * points, choose the threshold on the training rows, then judge the proposal on the later holdout
 * beside the current definition and the best single signal. Every bad input is a coded error.
 */
import { err, ok, type Result } from '../lib/result.ts';
import type { CalibrationReport, CalibrationSetup } from './calibration-report.ts';
import { calibrationWarnings } from './calibration-warnings.ts';
import { modelColumn } from './count-cut.ts';
import { cutFamilies } from './cut-families.ts';
import { duplicateSignals } from './duplicate-signals.ts';
import { checkMatrix, type FeatureMatrix, selectRows } from './feature-matrix.ts';
import { fitPoints } from './fit-points.ts';
import { type HoldoutRule, holdoutSplit } from './holdout.ts';
import { detectLeakage } from './leakage.ts';
import { type LearnError, learnError } from './learn-error.ts';
import { type LiftRow, liftTable } from './lift-table.ts';
import { modelMetrics, qualifiedAt } from './model-metrics.ts';
import { nearConstantSignals } from './near-constant.ts';
import { pointScores } from './point-score.ts';
import { refuseProposal } from './proposal-guards.ts';
import { type CurrentTiers, proposeTiers } from './propose-tiers.ts';
import { auc } from './ranking-metrics.ts';
import { roundPoints } from './round-points.ts';
import { signalBudget } from './signal-budget.ts';
import { checkTarget, chooseThreshold, sweepThresholds, type ThresholdTarget } from './threshold-sweep.ts';
import type { DroppedSignal } from './to-points.ts';
import { currentDefinitionWins, tuneModel } from './tune-model.ts';

export interface CalibrateOptions {
  /** Percent: `{ targetRate: 10 }` (PQL rate) or `{ targetPrecision: 25 }`. */
  readonly target: ThresholdTarget;
  /** Latest share of decision times kept for validation. Default 0.2. */
  readonly holdoutShare?: number;
  /** Which rows the holdout share is: the latest decisions (default), the latest by an order, or random. */
  readonly holdout?: HoldoutRule;
  /**
   * The L2 penalty (see `fitLogistic`) and the minimum |z| of a kept signal. When neither is given
   * they are chosen on the training rows (tune-model.ts); otherwise the defaults are 1 and 1.96.
   */
  readonly l2?: number;
  readonly maxIter?: number;
  readonly tol?: number;
  /** Points of the strongest signal. Default 20. */
  readonly scale?: number;
  readonly minZ?: number;
  /** Set false to use the given or default `l2` and `minZ` without tuning. */
  readonly tune?: boolean;
  /**
   * At most this many signals get points. Default: one per ten training rows of the rarer class,
   * between 1 and 30 (signal-budget.ts).
   */
  readonly maxSignals?: number;
  /**
   * Point steps tried from the first, each kept when it costs no measurable training AUC
   * (round-points.ts). Default [10, 5]; [] keeps the points as scaled.
   */
  readonly pointSteps?: readonly number[];
  /** Score cap, as in the definition. Default 100. */
  readonly cap?: number;
  /** Fewer rows than this is an error. Default 100. */
  readonly minRows?: number;
  /** `exclude` (default): leave leaking signals out and warn. `refuse`: fail with `leaking-feature`. */
  readonly onLeakage?: 'exclude' | 'refuse';
  /** Default 0.98. */
  readonly leakageAuc?: number;
  /** How the matrix was made; copied into the report as it is. */
  readonly setup?: CalibrationSetup;
  /**
   * The current definition's tiers and PQL tier: the proposal keeps every name (routing refers to
   * them) and moves only their minimums. Default: `cold`, `warm`, `hot` (the PQL line), `burning`.
   */
  readonly currentTiers?: CurrentTiers;
}

export function calibrate(
  matrix: FeatureMatrix,
  options: CalibrateOptions,
): Result<CalibrationReport, LearnError> {
  const checked = checkMatrix(matrix);
  if (!checked.ok) return checked;
  const target = checkTarget(options.target);
  if (!target.ok) return target;
  const cap = options.cap ?? 100;
  const scale = options.scale ?? 20;
  if (!(cap > 0) || !(scale >= 1) || !Number.isInteger(cap) || !Number.isInteger(scale)) {
    return err(learnError('invalid-option', `cap ${cap} and scale ${scale} must be positive integers`));
  }
  const minRows = options.minRows ?? 100;
  const n = matrix.labels.length;
  if (n < minRows) return err(learnError('too-few-rows', `${n} rows; calibration needs at least ${minRows}`));
  const converters = countOnes(matrix.labels);
  if (converters === 0) return err(learnError('no-positives', `none of ${n} entities converted`));
  if (converters === n) return err(learnError('no-negatives', `all ${n} entities converted`));

  const holdoutRule = options.holdout ?? { by: 'time' };
  const split = holdoutSplit(
    holdoutRule,
    matrix.decisionTimes,
    options.holdoutShare ?? 0.2,
    matrix.firstSeen,
  );
  if (!split.ok) return split;
  const training = selectRows(matrix, split.value.training);
  const holdout = selectRows(matrix, split.value.holdout);
  const classProblem = checkClasses(training.labels, holdout.labels);
  if (classProblem !== null) return err(classProblem);

  const leakage = detectLeakage(training, { aucLimit: options.leakageAuc ?? 0.98 });
  if (leakage.length > 0 && options.onLeakage === 'refuse') {
    const names = [...new Set(leakage.map((flag) => flag.signal))].join(', ');
    return err(learnError('leaking-feature', `leaking signals: ${names}`));
  }
  const leaking = new Set(leakage.map((flag) => flag.signal));
  const lift = liftTable(training);
  const candidates = new Map<string, number | null>();
  const excluded: DroppedSignal[] = [];
  for (const row of lift) {
    if (leaking.has(row.signal)) excluded.push({ signal: row.signal, reason: 'leakage', coefficient: null });
    else if (row.kind === 'count' && row.cut === null)
      excluded.push({ signal: row.signal, reason: 'no-cut', coefficient: null });
    else candidates.set(row.signal, row.cut);
  }
  // Before the fit: a signal that (almost) never varies, or (almost) repeats another, would get
  // points for a handful of rows or split one effect in two.
  for (const signal of nearConstantSignals(training, candidates)) {
    candidates.delete(signal);
    excluded.push({ signal, reason: 'near-constant', coefficient: null });
  }
  for (const duplicate of duplicateSignals(training, candidates)) {
    candidates.delete(duplicate.signal);
    const reason = duplicate.near ? 'near-duplicate' : 'duplicate';
    excluded.push({ signal: duplicate.signal, reason, coefficient: null });
  }
  if (candidates.size === 0)
    return err(learnError('no-usable-signals', 'every candidate signal leaks or never varies'));
  const maxIter = options.maxIter ?? 50;
  const budget = signalBudget(training.labels, options.maxSignals);
  const { maxSignals } = budget;
  if (!(Number.isInteger(maxSignals) && maxSignals >= 1)) {
    return err(learnError('invalid-option', `maxSignals ${maxSignals} must be a positive whole number`));
  }
  const tol = options.tol ?? 1e-8;
  const given = { l2: options.l2 ?? 1, minZ: options.minZ ?? 1.96 };
  const families = cutFamilies(training.features, candidates);
  const tuning =
    options.tune === false || options.l2 !== undefined || options.minZ !== undefined
      ? null
      : tuneModel({ training, candidates, maxIter, tol, scale, cap, maxSignals, families }, given);
  const chosen = tuning ?? given;
  const fitWith = (max: number) =>
    fitPoints({
      training,
      candidates,
      logistic: { l2: chosen.l2, maxIter, tol },
      scale,
      minZ: chosen.minZ,
      maxSignals: max,
      families,
    });
  const fitted = fitWith(maxSignals);
  if (!fitted.ok) return fitted;
  const { model } = fitted.value;
  // The current definition keeps its points unless a fitted setting ranked the later training rows
  // better; then only its threshold and tiers are proposed anew.
  const keepCurrent =
    tuning !== null && currentDefinitionWins(tuning) ? bothCurrent(training, holdout) : null;
  const rounded =
    keepCurrent === null
      ? roundPoints(training, fitted.value.points, {
          cap,
          ...(options.pointSteps === undefined ? {} : { steps: options.pointSteps }),
        })
      : null;
  const points = rounded?.points ?? [];

  const trainingScores = keepCurrent?.training ?? pointScores(training, points, cap);
  const sweep = sweepThresholds(trainingScores, training.labels);
  const threshold = chooseThreshold(sweep, target.value);
  if (!threshold.ok) return threshold;
  const holdoutScores = keepCurrent?.holdout ?? pointScores(holdout, points, cap);
  const proposed = modelMetrics(
    holdoutScores,
    holdout.labels,
    qualifiedAt(holdoutScores, threshold.value.threshold),
  );
  const current =
    holdout.current === undefined
      ? null
      : modelMetrics(holdout.current.scores, holdout.labels, holdout.current.qualified);
  const best = bestSingleSignal(lift, leaking);
  const bestFeature =
    best === null ? undefined : holdout.features.find((feature) => feature.name === best.signal);
  const bestSingle =
    best === null || bestFeature === undefined
      ? null
      : {
          signal: best.signal,
          ...modelMetrics(bestFeature.values, holdout.labels, toFlags(modelColumn(bestFeature, best.cut))),
        };

  // What the readable budget costs: the same fit allowed what the rows support (up to 30 signals).
  const wider = keepCurrent === null && budget.rule === 'rows' ? budget.fromRows : null;
  const widerFit = wider !== null && wider > maxSignals ? fitWith(wider) : null;
  const budgetCost =
    wider === null || widerFit === null || !widerFit.ok || widerFit.value.points.length <= points.length
      ? null
      : {
          maxSignals: wider,
          signals: widerFit.value.points.length,
          auc: auc(pointScores(holdout, widerFit.value.points, cap), holdout.labels),
          proposedAuc: proposed.auc,
        };
  const { cutoffFirstSeen } = split.value;
  const bestFitted = Math.max(...(tuning?.trials ?? []).map((trial) => trial.auc ?? Number.NaN));
  const proposal =
    keepCurrent === null
      ? { source: 'fitted' as const, reason: null }
      : {
          source: 'current' as const,
          reason: `on the later training rows the current definition ranked better (AUC ${(tuning?.currentAuc ?? 0).toFixed(3)}) than every fitted setting (best ${Number.isFinite(bestFitted) ? bestFitted.toFixed(3) : 'none'}); its points are kept and only the threshold and tiers are proposed`,
        };
  const trainingPositives = countOnes(training.labels);
  const holdoutPositives = countOnes(holdout.labels);
  const refusal = refuseProposal({
    training: {
      auc: auc(trainingScores, training.labels),
      positives: trainingPositives,
      negatives: training.labels.length - trainingPositives,
    },
    holdout: {
      ...proposed,
      positives: holdoutPositives,
      negatives: holdout.labels.length - holdoutPositives,
    },
    threshold: threshold.value,
    trainingRows: training.labels.length,
    bestSingle,
  });
  const tiers = proposeTiers(
    threshold.value.threshold,
    trainingScores,
    options.currentTiers === undefined ? { cap } : { current: options.currentTiers, cap },
  );
  const warnings = calibrationWarnings({
    proposed,
    current,
    converged: model.converged,
    leakage,
    baseRate: (100 * holdoutPositives) / holdout.labels.length,
    tiers,
    cap,
  });
  if (proposal.reason !== null) warnings.unshift({ code: 'current-points-kept', message: proposal.reason });
  return ok({
    version: 1,
    proposal,
    refusal,
    setup: options.setup ?? null,
    rows: {
      total: n,
      training: training.labels.length,
      holdout: holdout.labels.length,
      trainingConverters: trainingPositives,
      holdoutConverters: holdoutPositives,
      holdoutRule: describeHoldout(holdoutRule, options.holdoutShare ?? 0.2),
      holdoutFrom: new Date(split.value.cutoff).toISOString(),
      holdoutFirstSeenFrom: cutoffFirstSeen === null ? null : new Date(cutoffFirstSeen).toISOString(),
      trainingBaseRate: (100 * trainingPositives) / training.labels.length,
      holdoutBaseRate: (100 * holdoutPositives) / holdout.labels.length,
    },
    target: target.value,
    lift,
    leakage,
    model: {
      intercept: model.intercept,
      l2: model.l2,
      minZ: chosen.minZ,
      tuning: tuning === null ? null : tuning.trials,
      currentAuc: tuning?.currentAuc ?? null,
      maxSignals,
      maxSignalsRule: budget.rule,
      budgetCost,
      pointStep: rounded?.step ?? null,
      iterations: model.iterations,
      converged: model.converged,
    },
    points,
    dropped: [...excluded, ...fitted.value.dropped, ...(rounded?.dropped ?? [])],
    scale,
    cap,
    sweep,
    threshold: threshold.value,
    tiers,
    validation: { proposed, current, bestSingle },
    warnings,
  });
}

function bothCurrent(
  training: FeatureMatrix,
  holdout: FeatureMatrix,
): { training: Float64Array; holdout: Float64Array } | null {
  if (training.current === undefined || holdout.current === undefined) return null;
  return { training: training.current.scores, holdout: holdout.current.scores };
}

function countOnes(values: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) count += values[i] === 1 ? 1 : 0;
  return count;
}

function toFlags(column: Float64Array): Uint8Array {
  return Uint8Array.from(column, (value) => (value === 1 ? 1 : 0));
}

function checkClasses(training: Uint8Array, holdout: Uint8Array): LearnError | null {
  const trainingPositives = countOnes(training);
  const holdoutPositives = countOnes(holdout);
  if (trainingPositives === 0)
    return learnError('training-no-positives', 'no converter before the holdout period');
  if (trainingPositives === training.length)
    return learnError('training-no-negatives', 'every training entity converted');
  if (holdoutPositives === 0)
    return learnError('holdout-no-positives', `none of ${holdout.length} holdout entities converted`);
  if (holdoutPositives === holdout.length)
    return learnError('holdout-no-negatives', 'every holdout entity converted');
  return null;
}

/** The non-leaking signal with the best training AUC (ties: first in the matrix). */
function bestSingleSignal(lift: readonly LiftRow[], leaking: ReadonlySet<string>): LiftRow | null {
  let best: LiftRow | null = null;
  for (const row of lift) {
    if (leaking.has(row.signal) || !(row.auc > 0.5)) continue;
    if (row.kind === 'count' && row.cut === null) continue;
    if (best === null || row.auc > best.auc) best = row;
  }
  return best;
}

function describeHoldout(rule: HoldoutRule, share: number): string {
  const pct = `${Math.round(share * 1000) / 10} %`;
  if (rule.by === 'order') return `the latest ${pct} by ${rule.name}`;
  if (rule.by === 'random') return `a random ${pct} (seed ${rule.seed})`;
  return `the latest ${pct} by decision time`;
}
