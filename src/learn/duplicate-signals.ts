/**
 * Candidates that say nothing another candidate does not: a column equal to an earlier one on the
 * training rows (a 14-day and a 30-day count over a 12-day history), or, for yes/no columns, its
 * exact opposite (`disability_is_n` beside `disability_is_y`). Fitting both splits one effect into
 * two lines of points that cancel or repeat, and spends the signal budget twice. The first in
 * candidate order is kept — the current definition's own signals come first.
 */
import { modelColumn } from './count-cut.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

export interface DuplicateSignal {
  readonly signal: string;
  /** The kept candidate it repeats. */
  readonly of: string;
  readonly opposite: boolean;
}

export function duplicateSignals(
  training: FeatureMatrix,
  candidates: ReadonlyMap<string, number | null>,
): DuplicateSignal[] {
  const kept = new Map<number, { signal: string; column: Float64Array }[]>();
  const duplicates: DuplicateSignal[] = [];
  for (const [signal, cut] of candidates) {
    const feature = training.features.find((candidate) => candidate.name === signal);
    if (feature === undefined) throw new Error(`bug: candidate "${signal}" is not a feature`);
    const column = modelColumn(feature, cut);
    const flip = isYesNo(column) && column[0] === 1;
    const key = hashColumn(column, flip);
    const bucket = kept.get(key) ?? [];
    const match = bucket.find((other) => sameUpToFlip(other.column, column));
    if (match === undefined) {
      bucket.push({ signal, column });
      kept.set(key, bucket);
    } else duplicates.push({ signal, of: match.signal, opposite: match.column[0] !== column[0] });
  }
  return duplicates;
}

function isYesNo(column: Float64Array): boolean {
  for (let i = 0; i < column.length; i++) if (column[i] !== 0 && column[i] !== 1) return false;
  return true;
}

/** FNV-1a over the values, yes/no columns read so their first value is 0 (a column and its opposite hash alike). */
function hashColumn(column: Float64Array, flip: boolean): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < column.length; i++) {
    const value = flip ? 1 - (column[i] ?? 0) : (column[i] ?? 0);
    hash = Math.imul(hash ^ (value * 2654435761), 16777619) >>> 0;
  }
  return hash;
}

function sameUpToFlip(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const opposite = a.length > 0 && a[0] !== b[0];
  if (opposite && !(isYesNo(a) && isYesNo(b))) return false;
  for (let i = 0; i < a.length; i++) {
    if ((opposite ? 1 - (b[i] ?? 0) : b[i]) !== a[i]) return false;
  }
  return true;
}
