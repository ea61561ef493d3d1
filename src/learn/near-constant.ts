/**
 * Candidates that hold (or fail) for almost every training row. A signal true for 3,607 of 3,608
 * rows carries one row's worth of evidence, yet a fit can give it the largest weight — and as a
 * near-constant it shifts every score at once (all clamped to 0, one threshold qualifying
 * everyone). Such a candidate is dropped before the fit: on its rarer side it needs at least
 * `minRows` rows (default 10) and `minShare` of the rows (default 0.2 %).
 */
import { modelColumn } from './count-cut.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

export interface NearConstantOptions {
  readonly minRows?: number;
  readonly minShare?: number;
}

export function nearConstantSignals(
  training: FeatureMatrix,
  candidates: ReadonlyMap<string, number | null>,
  options: NearConstantOptions = {},
): string[] {
  const n = training.labels.length;
  const least = Math.max(options.minRows ?? 10, (options.minShare ?? 0.002) * n);
  const out: string[] = [];
  for (const [signal, cut] of candidates) {
    const feature = training.features.find((candidate) => candidate.name === signal);
    if (feature === undefined) throw new Error(`bug: candidate "${signal}" is not a feature`);
    const column = modelColumn(feature, cut);
    let holds = 0;
    for (let i = 0; i < n; i++) holds += column[i] === 1 ? 1 : 0;
    if (Math.min(holds, n - holds) < least) out.push(signal);
  }
  return out;
}
