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
  /**
   * Where to start, e.g. from a previous fit when refitting a subset of its columns: fewer and
   * cheaper Newton steps, the same optimum. Default: every coefficient 0, the intercept at the base rate.
   */
  readonly start?: LogisticStart;
}

export interface LogisticStart {
  /** Standardised coefficients, per input column. */
  readonly coefficients: readonly number[];
  /** Standardised intercept. */
  readonly intercept: number;
  /**
   * Optional penalised information matrix near the start, laid out as `LogisticModel.information`
   * for these input columns: used for the first steps instead of computing one.
   */
  readonly information?: Float64Array;
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
  /** Standardised intercept (the scale `standardizedCoefficients` are on). */
  readonly standardizedIntercept: number;
  /**
   * The penalised information (negative Hessian) at the solution on the standardised scale,
   * (1 + columns)² row-major: index 0 is the intercept, 1 + j input column j (zero for a constant one).
   */
  readonly information: Float64Array;
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
  const start = options.start;
  const warm = start !== undefined && start.coefficients.length === columns.length;
  if (warm) {
    beta[0] = start.intercept;
    design.columnSlot.forEach((slot, column) => {
      if (slot !== null) beta[slot] = start.coefficients[column] ?? 0;
    });
  }
  // Newton's method where a fresh Hessian is worth its cost: a Hessian pass costs k² per row (k
  // non-zero signals), a gradient pass k. Near the optimum the Hessian barely changes, so it is
  // reused while steps shrink fast (each step at most a tenth of the previous one) and recomputed
  // when they do not or when a step had to be halved. The standard errors use a Hessian at the
  // solution or one step before it (a step under `tol` changes nothing they show).
  const given = warm && start.information !== undefined ? slotMatrix(design, start.information) : null;
  let terms = newtonTerms(design, labels, beta, l2, given === null);
  let information = given ?? terms.hessian;
  let factor = cholesky(information, d);
  let stepsSinceHessian = given === null ? 0 : 1;
  let finalObjective = terms.objective;
  let previousLargest = Number.POSITIVE_INFINITY;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter && factor !== null) {
    iterations++;
    const step = choleskySolve(factor, d, terms.gradient);
    let scale = 1;
    let candidate = shifted(beta, step, scale);
    let candidateObjective = penalisedLikelihood(design, labels, candidate, l2);
    while (candidateObjective < terms.objective - 1e-12 * Math.abs(terms.objective) && scale > 1e-6) {
      scale /= 2;
      candidate = shifted(beta, step, scale);
      candidateObjective = penalisedLikelihood(design, labels, candidate, l2);
    }
    let largest = 0;
    for (let j = 0; j < d; j++) largest = Math.max(largest, Math.abs((candidate[j] ?? 0) - (beta[j] ?? 0)));
    beta.set(candidate);
    stepsSinceHessian++;
    finalObjective = candidateObjective;
    if (largest < tol) {
      converged = true;
      break;
    }
    const refresh = scale < 1 || largest > 0.1 * previousLargest;
    previousLargest = largest;
    terms = newtonTerms(design, labels, beta, l2, refresh);
    if (refresh) {
      information = terms.hessian;
      factor = cholesky(information, d);
      stepsSinceHessian = 0;
    }
  }
  if (!converged || stepsSinceHessian > 1) {
    terms = newtonTerms(design, labels, beta, l2, true);
    information = terms.hessian;
    factor = cholesky(information, d);
    finalObjective = terms.objective;
  }
  const objective = finalObjective;
  const variances = factor === null ? new Float64Array(d).fill(Number.NaN) : inverseDiagonal(factor, d);
  return ok(
    toModel(design, beta, variances, {
      l2,
      iterations,
      converged,
      objective,
      standardizedIntercept: beta[0] ?? 0,
      information: columnMatrix(design, information),
    }),
  );
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

/** The linear predictor's coefficients on the raw columns: η = γ₀ + Σ γⱼ·x, from the scaled β. */
function rawCoefficients(design: DesignMatrix, beta: Float64Array): Float64Array {
  const { width, slotMeans, slotSds } = design;
  const gamma = new Float64Array(width);
  let intercept = beta[0] ?? 0;
  for (let j = 1; j < width; j++) {
    const g = (beta[j] ?? 0) / (slotSds[j] ?? 1);
    gamma[j] = g;
    intercept -= g * (slotMeans[j] ?? 0);
  }
  gamma[0] = intercept;
  return gamma;
}

/** η for every row, from the sparse raw entries. */
function linearPredictor(design: DesignMatrix, beta: Float64Array): Float64Array {
  const { n, rowStart, slots, values } = design;
  const gamma = rawCoefficients(design, beta);
  const eta = new Float64Array(n).fill(gamma[0] ?? 0);
  for (let i = 0; i < n; i++) {
    let sum = eta[i] ?? 0;
    for (let k = rowStart[i] ?? 0, end = rowStart[i + 1] ?? 0; k < end; k++)
      sum += (gamma[slots[k] ?? 0] ?? 0) * (values[k] ?? 0);
    eta[i] = sum;
  }
  return eta;
}

function penalisedLikelihood(
  design: DesignMatrix,
  labels: Uint8Array,
  beta: Float64Array,
  l2: number,
): number {
  const eta = linearPredictor(design, beta);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (labels[i] ?? 0) * (eta[i] ?? 0) - softplus(eta[i] ?? 0);
  for (let j = 1; j < design.width; j++) sum -= (l2 / 2) * (beta[j] ?? 0) ** 2;
  return sum;
}

/**
 * Objective, gradient and negative Hessian (positive definite) of the penalised likelihood in the
 * scaled coordinates, in one pass over the sparse raw rows. With T the change of basis (z = x·T),
 * the scaled gradient is Tᵀg̃ and the scaled Hessian TᵀH̃T, where g̃ and H̃ are the raw sums.
 */
function newtonTerms(
  design: DesignMatrix,
  labels: Uint8Array,
  beta: Float64Array,
  l2: number,
  withHessian: boolean,
) {
  const { n, width: d, rowStart, slots, values, slotMeans: m, slotSds: s } = design;
  const eta = linearPredictor(design, beta);
  const rawGradient = new Float64Array(d);
  // Lower triangle, row-major: rawHessian[a * d + b] for b ≤ a; column 0 is the intercept.
  const rawHessian = new Float64Array(d * d);
  let objective = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i] ?? 0;
    const p = 1 / (1 + Math.exp(-e));
    const y = labels[i] ?? 0;
    objective += y * e - softplus(e);
    const residual = y - p;
    const weight = p * (1 - p);
    rawGradient[0] = (rawGradient[0] ?? 0) + residual;
    rawHessian[0] = (rawHessian[0] ?? 0) + weight;
    const start = rowStart[i] ?? 0;
    const end = rowStart[i + 1] ?? 0;
    for (let k = start; k < end; k++) {
      const a = slots[k] ?? 0;
      const xa = values[k] ?? 0;
      rawGradient[a] = (rawGradient[a] ?? 0) + residual * xa;
      if (!withHessian) continue;
      const wa = weight * xa;
      const offset = a * d;
      rawHessian[offset] = (rawHessian[offset] ?? 0) + wa;
      for (let q = start; q <= k; q++) {
        const b = slots[q] ?? 0;
        rawHessian[offset + b] = (rawHessian[offset + b] ?? 0) + wa * (values[q] ?? 0);
      }
    }
  }
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const g0 = rawGradient[0] ?? 0;
  const h00 = rawHessian[0] ?? 0;
  gradient[0] = g0;
  hessian[0] = h00;
  for (let a = 1; a < d; a++) {
    const ma = m[a] ?? 0;
    const sa = s[a] ?? 1;
    gradient[a] = ((rawGradient[a] ?? 0) - ma * g0) / sa;
    const ha0 = rawHessian[a * d] ?? 0;
    hessian[a * d] = (ha0 - ma * h00) / sa;
    for (let b = 1; b <= a; b++) {
      const mb = m[b] ?? 0;
      const hb0 = rawHessian[b * d] ?? 0;
      hessian[a * d + b] =
        ((rawHessian[a * d + b] ?? 0) - ma * hb0 - mb * ha0 + ma * mb * h00) / (sa * (s[b] ?? 1));
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
  fit: Pick<
    LogisticModel,
    'l2' | 'iterations' | 'converged' | 'objective' | 'standardizedIntercept' | 'information'
  >,
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

/** A slot-indexed d×d matrix laid out by input column (1 + columns)², intercept first. */
function columnMatrix(design: DesignMatrix, bySlot: Float64Array): Float64Array {
  const d = design.width;
  const width = design.columnSlot.length + 1;
  const slotOf = [0, ...design.columnSlot];
  const out = new Float64Array(width * width);
  for (let a = 0; a < width; a++) {
    const sa = slotOf[a];
    if (sa === null || sa === undefined) continue;
    for (let b = 0; b < width; b++) {
      const sb = slotOf[b];
      if (sb !== null && sb !== undefined) out[a * width + b] = bySlot[sa * d + sb] ?? 0;
    }
  }
  return out;
}

/** The inverse of `columnMatrix`: a by-column matrix read into this design's slots. */
function slotMatrix(design: DesignMatrix, byColumn: Float64Array): Float64Array {
  const d = design.width;
  const width = design.columnSlot.length + 1;
  const slotOf = [0, ...design.columnSlot];
  const out = new Float64Array(d * d);
  for (let a = 0; a < width; a++) {
    const sa = slotOf[a];
    if (sa === null || sa === undefined) continue;
    for (let b = 0; b < width; b++) {
      const sb = slotOf[b];
      if (sb !== null && sb !== undefined) out[sa * d + sb] = byColumn[a * width + b] ?? 0;
    }
  }
  return out;
}

/** P(converted) for one row of original-scale values. */
export function predictProbability(model: LogisticModel, values: readonly number[]): number {
  let eta = model.intercept;
  model.coefficients.forEach((coefficient, j) => {
    eta += coefficient * (values[j] ?? 0);
  });
  return 1 / (1 + Math.exp(-eta));
}
