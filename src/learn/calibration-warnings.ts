/**
 * The seeds' health rules, checked on the holdout: a healthy PQL rate is 5–15 % of signups, a PQL
 * should convert at 20 %+, and if fewer than 60 % of the converters would have qualified the
 * definition is too tight — when qualifying 60 % of them was possible at all (see `tooTight`).
 */
import type { CalibrationWarning } from './calibration-report.ts';
import type { LeakageFlag } from './leakage.ts';
import type { ModelMetrics } from './model-metrics.ts';
import type { ProposedTier } from './propose-tiers.ts';

export interface WarningInput {
  readonly proposed: ModelMetrics;
  readonly current: ModelMetrics | null;
  readonly converged: boolean;
  readonly leakage: readonly LeakageFlag[];
  /** %, converters among the holdout rows. */
  readonly baseRate: number;
  /** The proposed tiers and the score cap: a kept tier may have to start above it. */
  readonly tiers: readonly ProposedTier[];
  readonly cap: number;
}

export const HEALTHY_PQL_RATE = { min: 5, max: 15 } as const;
/** % of converters a definition should qualify (the seeds' rule). */
export const MIN_RECALL = 60;

/**
 * Fewer than 60 % of converters qualified says the bar is too high only when a bar within reach
 * could qualify 60 % of them: at most as many PQLs as the definition already has, or as a healthy
 * PQL rate (15 %) allows. With a 37 % base rate and a 10 % PQL rate, recall cannot pass 27 %
 * whatever the definition; lowering the bar to reach 60 % would need a PQL rate over 22 %, itself
 * unhealthy, so the warning would say nothing about the definition.
 */
export function tooTight(metrics: Pick<ModelMetrics, 'recall' | 'pqlRate'>, baseRate: number): boolean {
  const reachable = (MIN_RECALL / 100) * baseRate <= Math.max(metrics.pqlRate, HEALTHY_PQL_RATE.max);
  return metrics.recall < MIN_RECALL && reachable;
}

const pct = (value: number): string => `${value.toFixed(1)} %`;

export function calibrationWarnings(input: WarningInput): CalibrationWarning[] {
  const { proposed, current } = input;
  const warnings: CalibrationWarning[] = [];
  if (proposed.pqlRate < HEALTHY_PQL_RATE.min || proposed.pqlRate > HEALTHY_PQL_RATE.max) {
    warnings.push({
      code: 'pql-rate-outside-healthy-range',
      message: `the holdout PQL rate is ${pct(proposed.pqlRate)}; a healthy rate is ${HEALTHY_PQL_RATE.min}–${HEALTHY_PQL_RATE.max} % of signups`,
    });
  }
  if (proposed.precision < 20) {
    warnings.push({
      code: 'precision-below-20',
      message: `PQLs convert at ${pct(proposed.precision)} on the holdout; aim for 20 %+`,
    });
  }
  if (tooTight(proposed, input.baseRate)) {
    warnings.push({
      code: 'too-tight',
      message: `only ${pct(proposed.recall)} of holdout converters would have qualified (under ${MIN_RECALL} %: too tight)`,
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
  for (const tier of input.tiers.filter((t) => t.min > input.cap)) {
    warnings.push({
      code: 'unreachable-tier',
      message: `tier "${tier.name}" is kept (routing may name it) but no whole score fits between the tier below and the cap of ${input.cap}: it starts at ${tier.min} and no score reaches it; lower the target rate, raise \`cap\`, or remove the tier`,
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
