/**
 * Metrics of a ranking: AUC, top-decile lift and the gain curve. Ties are never broken by row
 * order (which would make the figures depend on how the rows happened to be sorted): a tied group
 * counts half in AUC and proportionally at a cut-off.
 */

/** Scores of positives and of negatives, each sorted ascending (native numeric sort, no comparator). */
export interface SplitScores {
  readonly positives: Float64Array;
  readonly negatives: Float64Array;
}

export function splitByLabel(scores: Float64Array, labels: Uint8Array): SplitScores {
  let count = 0;
  for (let i = 0; i < labels.length; i++) count += labels[i] === 1 ? 1 : 0;
  const positives = new Float64Array(count);
  const negatives = new Float64Array(labels.length - count);
  let p = 0;
  let q = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) positives[p++] = scores[i] ?? 0;
    else negatives[q++] = scores[i] ?? 0;
  }
  return { positives: positives.sort(), negatives: negatives.sort() };
}

/**
 * Area under the ROC curve: the probability that a random converter scores above a random
 * non-converter, ties counting one half (Mann–Whitney). NaN when either class is empty.
 */
export function auc(scores: Float64Array, labels: Uint8Array): number {
  return binaryAuc(scores, labels) ?? aucOfSplit(splitByLabel(scores, labels));
}

/**
 * The same AUC without sorting when every score is 0 or 1 (a yes/no signal): converters scoring 1
 * beat non-converters scoring 0, and equal scores count one half. Null when a score is neither.
 */
function binaryAuc(scores: Float64Array, labels: Uint8Array): number | null {
  let positives = 0;
  let negatives = 0;
  let positiveOnes = 0;
  let negativeOnes = 0;
  for (let i = 0; i < labels.length; i++) {
    const score = scores[i];
    if (score !== 0 && score !== 1) return null;
    if (labels[i] === 1) {
      positives++;
      positiveOnes += score;
    } else {
      negatives++;
      negativeOnes += score;
    }
  }
  if (positives === 0 || negatives === 0) return Number.NaN;
  const wins =
    positiveOnes * (negatives - negativeOnes) +
    0.5 * (positiveOnes * negativeOnes + (positives - positiveOnes) * (negatives - negativeOnes));
  return wins / (positives * negatives);
}

export function aucOfSplit({ positives, negatives }: SplitScores): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  let below = 0; // negatives strictly below the current positive score
  let wins = 0;
  let i = 0;
  while (i < positives.length) {
    const score = positives[i] ?? 0;
    let samePositives = 0;
    while (i < positives.length && positives[i] === score) {
      samePositives++;
      i++;
    }
    while (below < negatives.length && (negatives[below] ?? 0) < score) below++;
    let equal = 0;
    while (below + equal < negatives.length && negatives[below + equal] === score) equal++;
    wins += samePositives * (below + equal / 2);
  }
  return wins / (positives.length * negatives.length);
}

/** Converters captured when the top `share` of entities by score is taken, tied groups taken pro rata. */
export function capturedAt(split: SplitScores, share: number): { entities: number; positives: number } {
  const { positives, negatives } = split;
  const total = positives.length + negatives.length;
  const take = share * total;
  let p = positives.length;
  let q = negatives.length;
  let taken = 0;
  let captured = 0;
  // Walk groups of equal score from the top until `take` entities are covered.
  while (taken < take && (p > 0 || q > 0)) {
    const score = Math.max(
      p > 0 ? (positives[p - 1] ?? 0) : -Infinity,
      q > 0 ? (negatives[q - 1] ?? 0) : -Infinity,
    );
    let groupPositives = 0;
    let groupNegatives = 0;
    while (p > 0 && positives[p - 1] === score) {
      p--;
      groupPositives++;
    }
    while (q > 0 && negatives[q - 1] === score) {
      q--;
      groupNegatives++;
    }
    const group = groupPositives + groupNegatives;
    const fraction = Math.min(1, (take - taken) / group);
    taken += fraction * group;
    captured += fraction * groupPositives;
  }
  return { entities: taken, positives: captured };
}

/** Conversion rate in the top 10 % by score over the base rate. NaN without positives. */
export function topDecileLift(scores: Float64Array, labels: Uint8Array): number {
  return topDecileLiftOfSplit(splitByLabel(scores, labels));
}

export function topDecileLiftOfSplit(split: SplitScores): number {
  const total = split.positives.length + split.negatives.length;
  if (split.positives.length === 0 || total === 0) return Number.NaN;
  const { entities, positives } = capturedAt(split, 0.1);
  return positives / entities / (split.positives.length / total);
}

export interface GainPoint {
  /** Percentage of entities taken, best scores first. */
  readonly share: number;
  /** Percentage of all converters among them. */
  readonly captured: number;
}

/** Cumulative gain at every 5 % of entities (21 points, 0 % to 100 %). */
export function gainCurve(split: SplitScores, steps = 20): GainPoint[] {
  const points: GainPoint[] = [];
  for (let step = 0; step <= steps; step++) {
    const { positives } = capturedAt(split, step / steps);
    const captured = split.positives.length === 0 ? 0 : (100 * positives) / split.positives.length;
    points.push({ share: (100 * step) / steps, captured });
  }
  return points;
}
