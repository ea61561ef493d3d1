/**
 * The time-based holdout: the latest share of decision times is kept aside and the model is
 * judged on it, as it would have been judged had it been deployed at the cut-off. A random split
 * would let the model learn from the future of the very period it is tested on.
 *
 * When many entities share one decision time (a cohort decided on the same day, as in a course
 * that starts for everyone at once), rows are ordered by decision time and then by when each
 * entity was first seen: the holdout is then the latest sign-ups of the latest decisions.
 */
import { err, ok, type Result } from '../lib/result.ts';
import { type LearnError, learnError } from './learn-error.ts';

export interface HoldoutSplit {
  /** Row indices, ascending. Every training row is strictly before the cut-off in (decision, first seen) order. */
  readonly training: Uint32Array;
  /** Row indices, ascending. Every holdout row is at or after the cut-off. */
  readonly holdout: Uint32Array;
  /** Epoch ms: the earliest holdout decision time. */
  readonly cutoff: number;
  /**
   * Epoch ms: the first-seen time at the cut-off when first-seen times decide the order among equal
   * decision times (null when decision times alone split the rows).
   */
  readonly cutoffFirstSeen: number | null;
}

/**
 * Rows are ordered by decision time (then first-seen time, when given) and the last
 * `holdoutShare` of them form the holdout; rows tied with the cut-off on both all go to the
 * holdout, so it is strictly later than training and may be a little larger than asked.
 */
export function timeHoldoutSplit(
  decisionTimes: Float64Array,
  holdoutShare: number,
  firstSeen?: Float64Array,
): Result<HoldoutSplit, LearnError> {
  if (!Number.isFinite(holdoutShare) || holdoutShare <= 0 || holdoutShare >= 1) {
    return err(learnError('invalid-holdout-share', `holdout share ${holdoutShare} is outside (0, 1)`));
  }
  const n = decisionTimes.length;
  const second = firstSeen ?? new Float64Array(n);
  const before = (a: number, b: number): number =>
    (decisionTimes[a] ?? 0) - (decisionTimes[b] ?? 0) || (second[a] ?? 0) - (second[b] ?? 0);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(before);
  const cutIndex = Math.min(n - 1, Math.max(0, Math.floor(n * (1 - holdoutShare))));
  const cutRow = order[cutIndex];
  if (cutRow === undefined) return err(learnError('empty-split', 'there are no rows to split'));
  const inTraining = (row: number): boolean => before(row, cutRow) < 0;
  let training = 0;
  for (let i = 0; i < n; i++) training += inTraining(i) ? 1 : 0;
  if (training === 0) {
    const what = firstSeen === undefined ? 'decision time' : 'decision and first-seen time';
    return err(learnError('empty-split', `no ${what} is earlier than the holdout period`));
  }
  const trainingRows = new Uint32Array(training);
  const holdoutRows = new Uint32Array(n - training);
  let t = 0;
  let h = 0;
  for (let i = 0; i < n; i++) {
    if (inTraining(i)) trainingRows[t++] = i;
    else holdoutRows[h++] = i;
  }
  const cutoff = decisionTimes[cutRow] ?? 0;
  // First-seen times matter only when some training row shares the cut-off decision time.
  let tieBroken = false;
  for (const row of trainingRows) tieBroken ||= decisionTimes[row] === cutoff;
  return ok({
    training: trainingRows,
    holdout: holdoutRows,
    cutoff,
    cutoffFirstSeen: tieBroken ? (second[cutRow] ?? null) : null,
  });
}
