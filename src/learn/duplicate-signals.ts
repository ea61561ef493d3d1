/**
 * Candidates that say (almost) nothing another candidate does not: a yes/no column equal to an
 * earlier one on the training rows (a 14-day and a 30-day count over a 12-day history), or its
 * exact opposite (`disability_is_n` beside `disability_is_y`) — or nearly so: differing on at most
 * `tolerance` (default 2 %) of the rows where either holds (of a 7-day and a 14-day count, the few
 * entities active only in the second week). Fitting both splits one effect into two lines of points
 * that cancel or repeat, and spends the signal budget twice. The first in candidate order is kept —
 * the current definition's own signals come first.
 *
 * Columns are compared as bit sets (32 rows a word), so k candidates over n rows cost k² · n / 32.
 */
import { modelColumn } from './count-cut.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

export interface DuplicateSignal {
  readonly signal: string;
  /** The kept candidate it repeats. */
  readonly of: string;
  readonly opposite: boolean;
  /** True when the two differ on a few rows (within the tolerance), false when they are equal. */
  readonly near: boolean;
}

export interface DuplicateOptions {
  /** Largest share of differing rows, of the rows where either holds. Default 0.02; 0: exact copies only. */
  readonly tolerance?: number;
}

interface Bits {
  readonly signal: string;
  readonly words: Uint32Array;
  readonly ones: number;
}

export function duplicateSignals(
  training: FeatureMatrix,
  candidates: ReadonlyMap<string, number | null>,
  options: DuplicateOptions = {},
): DuplicateSignal[] {
  const tolerance = options.tolerance ?? 0.02;
  const n = training.labels.length;
  const kept: Bits[] = [];
  const duplicates: DuplicateSignal[] = [];
  for (const [signal, cut] of candidates) {
    const feature = training.features.find((candidate) => candidate.name === signal);
    if (feature === undefined) throw new Error(`bug: candidate "${signal}" is not a feature`);
    const bits = toBits(signal, modelColumn(feature, cut));
    const match = firstMatch(kept, bits, n, tolerance);
    if (match === null) kept.push(bits);
    else duplicates.push({ signal, ...match });
  }
  return duplicates;
}

function firstMatch(
  kept: readonly Bits[],
  b: Bits,
  n: number,
  tolerance: number,
): Omit<DuplicateSignal, 'signal'> | null {
  for (const a of kept) {
    const both = intersection(a.words, b.words);
    const differ = a.ones + b.ones - 2 * both;
    // Same: A Δ B within the tolerance of A ∪ B. Opposite: A Δ ¬B (= the rows where they agree)
    // within the tolerance of A ∪ ¬B (= all rows but those where only B holds).
    if (differ <= tolerance * (a.ones + b.ones - both))
      return { of: a.signal, opposite: false, near: differ > 0 };
    const agree = n - differ;
    if (agree <= tolerance * (n - b.ones + both)) return { of: a.signal, opposite: true, near: agree > 0 };
  }
  return null;
}

function toBits(signal: string, column: Float64Array): Bits {
  const words = new Uint32Array(Math.ceil(column.length / 32));
  let ones = 0;
  for (let i = 0; i < column.length; i++) {
    if (column[i] !== 1) continue;
    words[i >>> 5] = (words[i >>> 5] ?? 0) | (1 << (i & 31));
    ones++;
  }
  return { signal, words, ones };
}

function intersection(a: Uint32Array, b: Uint32Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) count += popcount((a[i] ?? 0) & (b[i] ?? 0));
  return count;
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
