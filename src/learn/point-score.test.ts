import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from './feature-matrix.ts';
import { pointScores } from './point-score.ts';

const matrix: FeatureMatrix = {
  entityIds: ['a', 'b', 'c', 'd'],
  decisionTimes: new Float64Array(4),
  labels: Uint8Array.from([1, 0, 0, 1]),
  features: [
    { name: 'seat_limit', label: null, kind: 'boolean', values: Float64Array.from([1, 1, 0, 1]) },
    { name: 'invites', label: null, kind: 'count', values: Float64Array.from([5, 0, 2, 3]) },
    { name: 'personal_email', label: null, kind: 'boolean', values: Float64Array.from([0, 1, 1, 0]) },
  ],
};
const rules = [
  { signal: 'seat_limit', points: 30, cut: null },
  { signal: 'invites', points: 25, cut: 3 },
  { signal: 'personal_email', points: -20, cut: null },
];

describe('pointScores', () => {
  it('sums the points of the signals that hold and clamps to [0, cap]', () => {
    // a: 30 + 25 = 55; b: 30 − 20 = 10; c: −20 → 0; d: 55 capped at 50
    expect(Array.from(pointScores(matrix, rules, 50))).toEqual([50, 10, 0, 50]);
  });

  it('applies gates and the recency multiplier as the language does', () => {
    const context: FeatureMatrix = {
      ...matrix,
      gatePassed: Uint8Array.from([1, 1, 1, 0]),
      multiplierPercent: Float64Array.from([50, 10, 100, 100]),
    };
    // a: floor((55 × 50 + 50) / 100) = 28; b: floor((10 × 10 + 50) / 100) = 1; d: gate fails → 0
    expect(Array.from(pointScores(context, rules, 100))).toEqual([28, 1, 0, 0]);
  });
});
