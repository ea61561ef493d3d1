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
import { seededRandom } from '../lib/seeded-random.ts';
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

/**
 * How the holdout is chosen: the latest decisions (`time`, the default), the latest by an ordering
 * column such as a contact date or a row number (`order`; rows without a value count as earliest),
 * or a reproducible random share (`random`, for data without a meaningful order — it lets the model
 * see the period it is judged on, so prefer an order when there is one).
 */
export type HoldoutRule =
  | { readonly by: 'time' }
  | { readonly by: 'order'; readonly name: string; readonly values: Float64Array }
  | { readonly by: 'random'; readonly seed: number };

export function holdoutSplit(
  rule: HoldoutRule,
  decisionTimes: Float64Array,
  holdoutShare: number,
  firstSeen?: Float64Array,
): Result<HoldoutSplit, LearnError> {
  if (rule.by === 'time') return timeHoldoutSplit(decisionTimes, holdoutShare, firstSeen);
  if (rule.by === 'order') {
    const order = Float64Array.from(rule.values, (v) => (Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY));
    const split = timeHoldoutSplit(order, holdoutShare);
    return split.ok ? ok({ ...split.value, ...earliestDecision(split.value.holdout, decisionTimes) }) : split;
  }
  if (!Number.isFinite(holdoutShare) || holdoutShare <= 0 || holdoutShare >= 1) {
    return err(learnError('invalid-holdout-share', `holdout share ${holdoutShare} is outside (0, 1)`));
  }
  const n = decisionTimes.length;
  const random = seededRandom(rule.seed);
  const shuffled = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = shuffled[i] ?? 0;
    shuffled[i] = shuffled[j] ?? 0;
    shuffled[j] = swap;
  }
  const size = Math.max(1, Math.min(n - 1, Math.round(n * holdoutShare)));
  const holdout = shuffled.slice(0, size).sort();
  const training = shuffled.slice(size).sort();
  if (training.length === 0) return err(learnError('empty-split', 'there are no rows to split'));
  return ok({ training, holdout, ...earliestDecision(holdout, decisionTimes) });
}

function earliestDecision(
  rows: Uint32Array,
  decisionTimes: Float64Array,
): { cutoff: number; cutoffFirstSeen: null } {
  let cutoff = Number.POSITIVE_INFINITY;
  for (const row of rows) cutoff = Math.min(cutoff, decisionTimes[row] ?? cutoff);
  return { cutoff, cutoffFirstSeen: null };
}
