/**
 * The one catalogue of calibration error codes. Bad input is an expected outcome (a value with a
 * code a person can act on), never an exception and never a meaningless model.
 */
export const LEARN_ERROR_HINTS = {
  'length-mismatch':
    'every per-entity array (labels, decision times, feature values) must have one entry per entity',
  'no-features': 'give at least one candidate signal',
  'duplicate-feature': 'feature names are signal names and must be unique',
  'non-finite-value': 'feature values and decision times must be finite numbers',
  'bad-boolean-value': 'a boolean feature holds 0 or 1 only',
  'bad-label': 'labels are 1 (converted) or 0 (did not convert)',
  'too-few-rows': 'calibrate on more entities (or lower `minRows` if you accept a noisy model)',
  'no-positives': 'no entity converted: record won outcomes before calibrating',
  'no-negatives': 'every entity converted: include entities that did not convert',
  'training-no-positives':
    'no conversion before the holdout period: use a smaller holdout share or more history',
  'training-no-negatives': 'no non-converter before the holdout period: use more history',
  'holdout-no-positives':
    'no conversion in the holdout period: use a larger holdout share or wait for outcomes',
  'holdout-no-negatives': 'no non-converter in the holdout period: use a larger holdout share',
  'invalid-holdout-share': 'the holdout share is a fraction strictly between 0 and 1 (e.g. 0.2)',
  'empty-split': 'decision times must span more than one instant so a later holdout period exists',
  'target-rate-out-of-range':
    'the target PQL rate is a percentage strictly between 0 and 100 (healthy: 5–15)',
  'target-precision-out-of-range': 'the target precision is a percentage in (0, 100]',
  'precision-unreachable': 'no threshold reaches that precision on the training data: lower the target',
  'invalid-option': 'check the calibration options',
  'leaking-feature': 'remove the feature or compute it strictly before the decision time',
  'no-usable-signals': 'no candidate signal carries information: add or rethink candidate signals',
  'invalid-definition': 'fix the current definition first (`kindling validate`)',
  'unknown-signal': 'define the signal in the current definition or pass its YAML body with the feature',
  'no-current-text':
    "the calibration kept the current definition's points: pass that definition's text to propose from",
  'cannot-set-cut':
    'a count feature needs an event, distinct, sum or N-of-M signal, whose `at_least` can be set',
} as const;

export type LearnErrorCode = keyof typeof LEARN_ERROR_HINTS;

export interface LearnError {
  readonly code: LearnErrorCode;
  /** What was found, in words. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
}

export function learnError(code: LearnErrorCode, message: string): LearnError {
  return { code, message, hint: LEARN_ERROR_HINTS[code] };
}
