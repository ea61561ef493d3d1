/**
 * Guards that refuse a proposal nobody should adopt. A model whose scores do not rank converters
 * clearly above the rest — on the training rows or on the later holdout — or that qualifies
 * everyone or no one, or that ranks the holdout worse than the best single signal alone, is
 * reported with the reason and what to try, and the command writes no proposal.
 *
 * "Clearly above 0.5": an AUC of at least 0.55 whose 95 % interval (Hanley & McNeil, Radiology
 * 1982) lies above 0.5, so a few lucky rows of a small holdout do not pass for a model.
 */
import type { ModelMetrics } from './model-metrics.ts';
import type { SweepPoint } from './threshold-sweep.ts';

export const REFUSAL_HINTS = {
  'training-auc-at-chance':
    'the candidates do not separate converters even on the training rows: check the label (--label) and the decision time (--decide-at), or add candidates that happen before the decision',
  'holdout-auc-at-chance':
    'the fit does not carry over to later entities: try fewer signals (--max-signals 5), a longer history, or a larger holdout (--holdout 30%)',
  'qualifies-everyone':
    'every entity scores at or above the threshold: a signal shifts every score at once — lower --target-rate, or exclude that signal (--exclude-event / --exclude-trait)',
  'qualifies-no-one':
    'no entity reaches the threshold: raise --target-rate, or use --target-precision with a lower target',
  'worse-than-best-single':
    'one signal alone ranks the later entities better than the fitted points: try --max-signals 1 or a few, or give that signal the points by hand',
} as const;

export type RefusalCode = keyof typeof REFUSAL_HINTS;

export interface Refusal {
  readonly code: RefusalCode;
  /** What was found, with the figures. */
  readonly message: string;
  /** What to try. */
  readonly hint: string;
}

export interface GuardInput {
  readonly training: { readonly auc: number | null; readonly positives: number; readonly negatives: number };
  readonly holdout: ModelMetrics & { readonly positives: number; readonly negatives: number };
  readonly threshold: SweepPoint;
  readonly trainingRows: number;
  readonly bestSingle: (ModelMetrics & { readonly signal: string }) | null;
}

/** Below this AUC a ranking is not clearly better than chance, whatever its interval. */
export const MIN_AUC = 0.55;
/** A threshold qualifying this share of the rows or more qualifies "everyone". */
export const MAX_QUALIFIED_SHARE = 0.99;

export function refuseProposal(input: GuardInput): Refusal | null {
  const refusal = (code: RefusalCode, message: string): Refusal => ({
    code,
    message,
    hint: REFUSAL_HINTS[code],
  });
  const { training, holdout, threshold } = input;
  if (
    threshold.qualified >= MAX_QUALIFIED_SHARE * input.trainingRows ||
    holdout.pqlRate >= 100 * MAX_QUALIFIED_SHARE
  )
    return refusal(
      'qualifies-everyone',
      `score ≥ ${threshold.threshold} qualifies ${threshold.pqlRate.toFixed(1)} % of the training rows and ${holdout.pqlRate.toFixed(1)} % of the holdout`,
    );
  if (threshold.qualified === 0 || holdout.qualified === 0)
    return refusal(
      'qualifies-no-one',
      `score ≥ ${threshold.threshold} qualifies ${threshold.qualified} training rows and ${holdout.qualified} holdout rows`,
    );
  if (!clearlyAboveChance(training.auc, training.positives, training.negatives))
    return refusal(
      'training-auc-at-chance',
      `the proposed scores rank the training rows at AUC ${fmt(training.auc)}, not clearly above 0.5`,
    );
  if (!clearlyAboveChance(holdout.auc, holdout.positives, holdout.negatives))
    return refusal(
      'holdout-auc-at-chance',
      `the proposed scores rank the holdout at AUC ${fmt(holdout.auc)} (${holdout.positives} converters, ${holdout.negatives} others), not clearly above 0.5`,
    );
  const best = input.bestSingle;
  if (best !== null && best.auc !== null && holdout.auc !== null && holdout.auc < best.auc)
    return refusal(
      'worse-than-best-single',
      `the proposal ranks the holdout at AUC ${fmt(holdout.auc)}, below the best single signal "${best.signal}" alone (${fmt(best.auc)})`,
    );
  return null;
}

/** AUC ≥ MIN_AUC and its 95 % interval above 0.5 (Hanley–McNeil standard error). */
export function clearlyAboveChance(auc: number | null, positives: number, negatives: number): boolean {
  if (auc === null || !(auc >= MIN_AUC) || positives === 0 || negatives === 0) return false;
  return auc - 1.96 * aucStandardError(auc, positives, negatives) > 0.5;
}

export function aucStandardError(auc: number, positives: number, negatives: number): number {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance =
    (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) /
    (positives * negatives);
  return Math.sqrt(Math.max(variance, 0));
}

const fmt = (value: number | null): string => (value === null ? 'undefined' : value.toFixed(3));
