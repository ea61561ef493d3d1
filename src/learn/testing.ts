/**
 * Synthetic data for tests and the benchmark: a seeded generator (so every run sees the same
 * numbers) and a feature matrix drawn from a known logistic model.
 */

import { seededRandom } from '../lib/seeded-random.ts';
import type { FeatureColumn, FeatureMatrix } from './feature-matrix.ts';

export { seededRandom } from '../lib/seeded-random.ts';

export interface SyntheticOptions {
  readonly rows: number;
  /** Log-odds per boolean feature; the number of features is its length. */
  readonly coefficients: readonly number[];
  readonly intercept: number;
  /** Share of rows where each feature holds. Default 0.3. */
  readonly prevalence?: number;
  readonly seed?: number;
  /** Decision times are spread evenly over this many days from 2024-01-01. Default 90. */
  readonly days?: number;
}

export const DAY_MS = 86_400_000;
export const START_MS = Date.UTC(2024, 0, 1);

export function syntheticMatrix(options: SyntheticOptions): FeatureMatrix {
  const random = seededRandom(options.seed ?? 1);
  const n = options.rows;
  const prevalence = options.prevalence ?? 0.3;
  const features: FeatureColumn[] = options.coefficients.map((_, j) => ({
    name: `signal_${j}`,
    label: `Signal ${j}`,
    kind: 'boolean',
    values: new Float64Array(n),
  }));
  const labels = new Uint8Array(n);
  const decisionTimes = new Float64Array(n);
  const days = options.days ?? 90;
  for (let i = 0; i < n; i++) {
    let eta = options.intercept;
    options.coefficients.forEach((coefficient, j) => {
      const holds = random() < prevalence ? 1 : 0;
      const column = features[j]?.values;
      if (column !== undefined) column[i] = holds;
      eta += coefficient * holds;
    });
    labels[i] = random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    decisionTimes[i] = START_MS + Math.floor((i / n) * days) * DAY_MS;
  }
  return { entityIds: Array.from({ length: n }, (_, i) => `e${i}`), decisionTimes, features, labels };
}
