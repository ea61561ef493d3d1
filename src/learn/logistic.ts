/**
 * L2-penalised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares), with step halving so a badly scaled start cannot diverge. Deterministic: no random
 * start, no sampling, fixed loop order.
 *
 * Columns are standardised inside (mean 0, standard deviation 1) so one penalty means the same for
 * every signal whatever its prevalence; the intercept is not penalised. Coefficients are reported
 * on the original scale (log-odds per unit of the column: for a 0/1 signal, the change in log-odds
 * when it holds) and on the standardised scale, with approximate standard errors from the inverse
 * penalised Hessian.
 */
import { err, ok, type Result } from '../lib/result.ts';
import { type LearnError, learnError } from './learn-error.ts';
import { cholesky, choleskySolve, inverseDiagonal } from './linear-algebra.ts';
import { type DesignMatrix, standardise } from './standardise.ts';

export interface LogisticOptions {
  /** Penalty λ on the standardised coefficients (objective: log-likelihood − λ/2 · Σβ²). Default 1. */
  readonly l2?: number;
  /** Default 50. */
  readonly maxIter?: number;
  /** Converged when no coefficient moves more than this in a step. Default 1e-8. */
  readonly tol?: number;
}

export interface LogisticModel {
  /** Original scale. */
  readonly intercept: number;
  /** Per input column, original scale; 0 for a constant column. */
  readonly coefficients: readonly number[];
  /** Per input column, standardised scale. */
  readonly standardizedCoefficients: readonly number[];
  /** Per input column, original scale; NaN for a constant column. */
  readonly standardErrors: readonly number[];
  /** Per input column: coefficient / standard error; 0 for a constant column. */
  readonly zScores: readonly number[];
  /** Columns with no variation (they cannot be fitted). */
  readonly constant: readonly boolean[];
  readonly l2: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Penalised log-likelihood at the solution. */
  readonly objective: number;
}

export function fitLogistic(
  columns: readonly Float64Array[],
  labels: Uint8Array,
  options: LogisticOptions = {},
): Result<LogisticModel, LearnError> {
  const l2 = options.l2 ?? 1;
  const maxIter = options.maxIter ?? 50;
  const tol = options.tol ?? 1e-8;
  if (!(l2 >= 0) || !Number.isFinite(l2) || !(maxIter >= 1) || !(tol > 0)) {
    return err(learnError('invalid-option', `l2 ${l2}, maxIter ${maxIter}, tol ${tol}`));
  }
  const n = labels.length;
  if (columns.some((column) => column.length !== n)) {
    return err(learnError('length-mismatch', `every column must have ${n} values`));
  }
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  if (positives === 0) return err(learnError('no-positives', 'no row has label 1'));
  if (positives === n) return err(learnError('no-negatives', 'every row has label 1'));

  const design = standardise(columns);
  const d = design.width;
  // Start at the base rate so the first Newton step is small.
  const beta = new Float64Array(d);
  beta[0] = Math.log(positives / (n - positives));
  let { objective, gradient, hessian } = newtonTerms(design, labels, beta, l2);
  let factor = cholesky(hessian, d);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter && factor !== null) {
    iterations++;
    const step = choleskySolve(factor, d, gradient);
    let scale = 1;
    let candidate = shifted(beta, step, scale);
    let candidateObjective = penalisedLikelihood(design, labels, candidate, l2);
    while (candidateObjective < objective - 1e-12 * Math.abs(objective) && scale > 1e-6) {
      scale /= 2;
      candidate = shifted(beta, step, scale);
      candidateObjective = penalisedLikelihood(design, labels, candidate, l2);
    }
    let largest = 0;
    for (let j = 0; j < d; j++) largest = Math.max(largest, Math.abs((candidate[j] ?? 0) - (beta[j] ?? 0)));
    beta.set(candidate);
    ({ objective, gradient, hessian } = newtonTerms(design, labels, beta, l2));
    factor = cholesky(hessian, d);
    if (largest < tol) {
      converged = true;
      break;
    }
  }
  const variances = factor === null ? new Float64Array(d).fill(Number.NaN) : inverseDiagonal(factor, d);
  return ok(toModel(design, beta, variances, { l2, iterations, converged, objective }));
}

function shifted(beta: Float64Array, step: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(beta.length);
  for (let j = 0; j < beta.length; j++) out[j] = (beta[j] ?? 0) + scale * (step[j] ?? 0);
  return out;
}

/** log(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

function penalisedLikelihood(
  design: DesignMatrix,
  labels: Uint8Array,
  beta: Float64Array,
  l2: number,
): number {
  const { rows, width } = design;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    let eta = 0;
    const base = i * width;
    for (let j = 0; j < width; j++) eta += (rows[base + j] ?? 0) * (beta[j] ?? 0);
    sum += (labels[i] ?? 0) * eta - softplus(eta);
  }
  for (let j = 1; j < width; j++) sum -= (l2 / 2) * (beta[j] ?? 0) ** 2;
  return sum;
}

/** Objective, gradient and negative Hessian (positive definite) of the penalised likelihood, one pass. */
function newtonTerms(design: DesignMatrix, labels: Uint8Array, beta: Float64Array, l2: number) {
  const { rows, width: d } = design;
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  let objective = 0;
  for (let i = 0; i < labels.length; i++) {
    const base = i * d;
    let eta = 0;
    for (let j = 0; j < d; j++) eta += (rows[base + j] ?? 0) * (beta[j] ?? 0);
    const p = 1 / (1 + Math.exp(-eta));
    const y = labels[i] ?? 0;
    objective += y * eta - softplus(eta);
    const residual = y - p;
    const weight = p * (1 - p);
    for (let a = 0; a < d; a++) {
      const za = rows[base + a] ?? 0;
      gradient[a] = (gradient[a] ?? 0) + residual * za;
      const wa = weight * za;
      const rowOffset = a * d;
      for (let b = 0; b <= a; b++)
        hessian[rowOffset + b] = (hessian[rowOffset + b] ?? 0) + wa * (rows[base + b] ?? 0);
    }
  }
  for (let a = 1; a < d; a++) {
    objective -= (l2 / 2) * (beta[a] ?? 0) ** 2;
    gradient[a] = (gradient[a] ?? 0) - l2 * (beta[a] ?? 0);
    hessian[a * d + a] = (hessian[a * d + a] ?? 0) + l2;
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hessian[b * d + a] = hessian[a * d + b] ?? 0;
  return { objective, gradient, hessian };
}

function toModel(
  design: DesignMatrix,
  beta: Float64Array,
  variances: Float64Array,
  fit: { l2: number; iterations: number; converged: boolean; objective: number },
): LogisticModel {
  const coefficients: number[] = [];
  const standardizedCoefficients: number[] = [];
  const standardErrors: number[] = [];
  const zScores: number[] = [];
  let intercept = beta[0] ?? 0;
  design.columnSlot.forEach((slot, column) => {
    if (slot === null) {
      coefficients.push(0);
      standardizedCoefficients.push(0);
      standardErrors.push(Number.NaN);
      zScores.push(0);
      return;
    }
    const sd = design.sds[column] ?? 1;
    const b = beta[slot] ?? 0;
    const se = Math.sqrt(variances[slot] ?? Number.NaN);
    intercept -= (b * (design.means[column] ?? 0)) / sd;
    coefficients.push(b / sd);
    standardizedCoefficients.push(b);
    standardErrors.push(se / sd);
    zScores.push(b / se);
  });
  return {
    intercept,
    coefficients,
    standardizedCoefficients,
    standardErrors,
    zScores,
    constant: design.columnSlot.map((slot) => slot === null),
    ...fit,
  };
}

/** P(converted) for one row of original-scale values. */
export function predictProbability(model: LogisticModel, values: readonly number[]): number {
  let eta = model.intercept;
  model.coefficients.forEach((coefficient, j) => {
    eta += coefficient * (values[j] ?? 0);
  });
  return 1 / (1 + Math.exp(-eta));
}
