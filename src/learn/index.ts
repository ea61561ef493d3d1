/** The public surface of `src/learn`: calibration from won/lost outcomes, pure functions only. */
export type {
  BacktestComparisonRow,
  BacktestInput,
  BacktestRow,
  BacktestTable,
  TierFigures,
} from './backtest-metrics.ts';
export { backtestMetrics, compareBacktests } from './backtest-metrics.ts';
export type { CalibrateOptions } from './calibrate.ts';
export { calibrate } from './calibrate.ts';
export type {
  CalibrationReport,
  CalibrationSetup,
  CalibrationWarning,
  ProposedPoints,
} from './calibration-report.ts';
export { binaryColumn, chooseCut } from './count-cut.ts';
export type { DiffOptions } from './diff-definitions.ts';
export { diffDefinitions } from './diff-definitions.ts';
export type { CurrentDefinitionScores, FeatureColumn, FeatureKind, FeatureMatrix } from './feature-matrix.ts';
export { checkMatrix, selectRows } from './feature-matrix.ts';
export type { HoldoutRule, HoldoutSplit } from './holdout.ts';
export { holdoutSplit, timeHoldoutSplit } from './holdout.ts';
export type { LeakageFlag, LeakageOptions, LeakageReason } from './leakage.ts';
export { detectLeakage } from './leakage.ts';
export type { LearnError, LearnErrorCode } from './learn-error.ts';
export { LEARN_ERROR_HINTS } from './learn-error.ts';
export type { LiftRow } from './lift-table.ts';
export { liftTable } from './lift-table.ts';
export type { LogisticModel, LogisticOptions } from './logistic.ts';
export { fitLogistic, predictProbability } from './logistic.ts';
export type { ModelMetrics } from './model-metrics.ts';
export { modelMetrics, qualifiedAt } from './model-metrics.ts';
export { numberForName, simplestAbove } from './nice-number.ts';
export type { PointRule } from './point-score.ts';
export { pointScores } from './point-score.ts';
export type { Refusal, RefusalCode } from './proposal-guards.ts';
export { REFUSAL_HINTS, refuseProposal } from './proposal-guards.ts';
export type { ProposeOptions } from './propose-definition.ts';
export { proposeDefinition } from './propose-definition.ts';
export type { CurrentTiers, ProposedTier, TierOptions } from './propose-tiers.ts';
export { proposeTiers } from './propose-tiers.ts';
export type { GainPoint } from './ranking-metrics.ts';
export { auc, gainCurve, splitByLabel, topDecileLift } from './ranking-metrics.ts';
export { renderReportHtml } from './report-html.ts';
export type { SweepPoint, ThresholdTarget } from './threshold-sweep.ts';
export { chooseThreshold, sweepThresholds } from './threshold-sweep.ts';
export type { DroppedSignal, DropReason, PointsModel, PointsOptions, SignalPoints } from './to-points.ts';
export { toPoints } from './to-points.ts';
