/**
 * The little dense linear algebra the logistic fit needs: Cholesky factorisation of a symmetric
 * positive-definite d × d matrix (row-major), solving with it, and the diagonal of its inverse.
 * d is at most a few dozen, so plain loops are enough.
 */

/** Lower-triangular L with A = L·Lᵀ, or null when A is not positive definite. */
export function cholesky(a: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (l[i * d + k] ?? 0) * (l[j * d + k] ?? 0);
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / (l[j * d + j] ?? 1);
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b. */
export function choleskySolve(l: Float64Array, d: number, b: Float64Array): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= (l[i * d + k] ?? 0) * (y[k] ?? 0);
    y[i] = sum / (l[i * d + i] ?? 1);
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i] ?? 0;
    for (let k = i + 1; k < d; k++) sum -= (l[k * d + i] ?? 0) * (x[k] ?? 0);
    x[i] = sum / (l[i * d + i] ?? 1);
  }
  return x;
}

/** diag(A⁻¹) from A's Cholesky factor, one unit-vector solve per entry. */
export function inverseDiagonal(l: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d);
  const unit = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    unit.fill(0);
    unit[i] = 1;
    out[i] = choleskySolve(l, d, unit)[i] ?? Number.NaN;
  }
  return out;
}
