import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve, inverseDiagonal } from './linear-algebra.ts';

describe('cholesky', () => {
  // A = [[4, 2], [2, 3]]: L = [[2, 0], [1, √2]], A⁻¹ = [[3, −2], [−2, 4]] / 8
  const a = Float64Array.from([4, 2, 2, 3]);

  it('factors, solves and inverts a small positive-definite matrix', () => {
    const l = cholesky(a, 2);
    if (l === null) throw new Error('expected a factor');
    expect(Array.from(l)).toEqual([2, 0, 1, Math.SQRT2]);
    const x = choleskySolve(l, 2, Float64Array.from([8, 7]));
    // 4x + 2y = 8, 2x + 3y = 7 → x = 1.25, y = 1.5
    expect(x[0]).toBeCloseTo(1.25, 12);
    expect(x[1]).toBeCloseTo(1.5, 12);
    const diag = inverseDiagonal(l, 2);
    expect(diag[0]).toBeCloseTo(3 / 8, 12);
    expect(diag[1]).toBeCloseTo(4 / 8, 12);
  });

  it('returns null for a matrix that is not positive definite', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });
});
