/**
 * The time-based holdout: the latest share of decision times is kept aside and the model is
 * judged on it, as it would have been judged had it been deployed at the cut-off. A random split
 * would let the model learn from the future of the very period it is tested on.
 */
import { err, ok, type Result } from '../lib/result.ts';
import { type LearnError, learnError } from './learn-error.ts';

export interface HoldoutSplit {
  /** Row indices, ascending. Every training decision time is strictly before `cutoff`. */
  readonly training: Uint32Array;
  /** Row indices, ascending. Every holdout decision time is at or after `cutoff`. */
  readonly holdout: Uint32Array;
  /** Epoch ms: the earliest holdout decision time. */
  readonly cutoff: number;
}

/**
 * Rows are ordered by decision time and the last `holdoutShare` of them form the holdout; rows
 * sharing the cut-off instant all go to the holdout, so it is strictly later than training and may
 * be a little larger than asked.
 */
export function timeHoldoutSplit(
  decisionTimes: Float64Array,
  holdoutShare: number,
): Result<HoldoutSplit, LearnError> {
  if (!Number.isFinite(holdoutShare) || holdoutShare <= 0 || holdoutShare >= 1) {
    return err(learnError('invalid-holdout-share', `holdout share ${holdoutShare} is outside (0, 1)`));
  }
  const n = decisionTimes.length;
  const sorted = Float64Array.from(decisionTimes).sort();
  const cutIndex = Math.min(n - 1, Math.max(0, Math.floor(n * (1 - holdoutShare))));
  const cutoff = sorted[cutIndex];
  if (cutoff === undefined) return err(learnError('empty-split', 'there are no rows to split'));
  let training = 0;
  for (let i = 0; i < n; i++) training += (decisionTimes[i] ?? 0) < cutoff ? 1 : 0;
  if (training === 0) {
    return err(learnError('empty-split', 'no decision time is earlier than the holdout period'));
  }
  const trainingRows = new Uint32Array(training);
  const holdoutRows = new Uint32Array(n - training);
  let t = 0;
  let h = 0;
  for (let i = 0; i < n; i++) {
    if ((decisionTimes[i] ?? 0) < cutoff) trainingRows[t++] = i;
    else holdoutRows[h++] = i;
  }
  return ok({ training: trainingRows, holdout: holdoutRows, cutoff });
}
