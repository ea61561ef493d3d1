/**
 * "Did you mean" for misspelt keys, signal names, lists and events: the closest candidate by
 * edit distance, if it is close enough to be a plausible typo rather than a different word.
 */

/** Levenshtein distance with adjacent transpositions counting as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/** A third of the word's length, at least one edit: `withn` → `within`, but not `tier` → `name`. */
function threshold(word: string): number {
  return Math.max(1, Math.floor(word.length / 3));
}

/** The closest candidate (case-insensitive), or null when none is within the typo threshold. */
export function closest(word: string, candidates: Iterable<string>): string | null {
  const lower = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= threshold(word) ? best : null;
}

/** `did you mean "x"?`, or the fallback hint when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, fallback: string): string {
  const match = closest(word, candidates);
  return match === null ? fallback : `Did you mean \`${match}\`?`;
}
