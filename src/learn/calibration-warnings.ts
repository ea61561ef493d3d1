/**
 * The seeds' health rules, checked on the holdout: a healthy PQL rate is 5–15 % of signups, a PQL
 * should convert at 20 %+, and if fewer than 60 % of the converters would have qualified the
 * definition is too tight.
 */
import type { CalibrationWarning } from './calibration-report.ts';
import type { LeakageFlag } from './leakage.ts';
import type { ModelMetrics } from './model-metrics.ts';

export interface WarningInput {
  readonly proposed: ModelMetrics;
  readonly current: ModelMetrics | null;
  readonly converged: boolean;
  readonly leakage: readonly LeakageFlag[];
}

const pct = (value: number): string => `${value.toFixed(1)} %`;

export function calibrationWarnings(input: WarningInput): CalibrationWarning[] {
  const { proposed, current } = input;
  const warnings: CalibrationWarning[] = [];
  if (proposed.pqlRate < 5 || proposed.pqlRate > 15) {
    warnings.push({
      code: 'pql-rate-outside-healthy-range',
      message: `the holdout PQL rate is ${pct(proposed.pqlRate)}; a healthy rate is 5–15 % of signups`,
    });
  }
  if (proposed.precision < 20) {
    warnings.push({
      code: 'precision-below-20',
      message: `PQLs convert at ${pct(proposed.precision)} on the holdout; aim for 20 %+`,
    });
  }
  if (proposed.recall < 60) {
    warnings.push({
      code: 'too-tight',
      message: `only ${pct(proposed.recall)} of holdout converters would have qualified (under 60 %: too tight)`,
    });
  }
  if (!input.converged) {
    warnings.push({ code: 'not-converged', message: 'the logistic fit stopped at its iteration limit' });
  }
  for (const flag of input.leakage) {
    const why =
      flag.reason === 'separates-label'
        ? `its AUC alone is ${(flag.auc ?? 0).toFixed(3)}`
        : `${flag.rowsObservedLate} rows were observed after the decision time`;
    warnings.push({
      code: 'leakage-excluded',
      message: `signal "${flag.signal}" was left out as leaking: ${why}`,
    });
  }
  if (current !== null && current.auc !== null && proposed.auc !== null && proposed.auc < current.auc) {
    warnings.push({
      code: 'worse-than-current',
      message: `the proposal ranks worse than the current definition on the holdout (AUC ${proposed.auc.toFixed(3)} < ${current.auc.toFixed(3)})`,
    });
  }
  return warnings;
}
