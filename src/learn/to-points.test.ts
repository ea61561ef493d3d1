import { describe, expect, it } from 'vitest';
import type { LogisticModel } from './logistic.ts';
import { toPoints } from './to-points.ts';

function model(
  coefficients: number[],
  zScores: number[],
  constant: boolean[] = coefficients.map(() => false),
): LogisticModel {
  return {
    intercept: -2,
    coefficients,
    standardizedCoefficients: coefficients,
    standardErrors: coefficients.map((c, j) => Math.abs(c / (zScores[j] ?? 1))),
    zScores,
    constant,
    l2: 1,
    iterations: 5,
    converged: true,
    objective: -100,
    standardizedIntercept: -2,
    information: new Float64Array((coefficients.length + 1) ** 2),
  };
}

describe('toPoints', () => {
  it('gives the strongest signal ±scale points and the rest in proportion', () => {
    const result = toPoints(model([2, 1, -0.5, 0.3], [10, 8, -4, 3]), {
      signals: ['a', 'b', 'c', 'd'],
      scale: 20,
    });
    // 2 → 20, 1 → 10, −0.5 → −5, 0.3 → 3
    expect(result.points.map((p) => [p.signal, p.points])).toEqual([
      ['a', 20],
      ['b', 10],
      ['c', -5],
      ['d', 3],
    ]);
  });

  it('rounds half away from zero so mirrored coefficients get mirrored points', () => {
    const result = toPoints(model([4, 0.25, -0.25], [9, 9, -9]), { signals: ['a', 'b', 'c'], scale: 10 });
    // 0.25 × 10 / 4 = 0.625 → 1 and −1
    expect(result.points.map((p) => p.points)).toEqual([10, 1, -1]);
  });

  it('drops constant, insignificant and rounds-to-zero signals with the reason', () => {
    const result = toPoints(model([3, 1, 0.05, 0], [12, 1.2, 5, 0], [false, false, false, true]), {
      signals: ['a', 'b', 'c', 'd'],
    });
    expect(result.points.map((p) => p.signal)).toEqual(['a']);
    expect(result.dropped).toEqual([
      { signal: 'b', reason: 'not-significant', coefficient: 1 },
      { signal: 'd', reason: 'constant', coefficient: null },
      { signal: 'c', reason: 'rounds-to-zero', coefficient: 0.05 },
    ]);
  });

  it('keeps every varying signal at minZ 0', () => {
    const result = toPoints(model([2, 1], [10, 0.5]), { signals: ['a', 'b'], minZ: 0 });
    expect(result.points.map((p) => p.points)).toEqual([20, 10]);
  });
});
