import { describe, expect, it } from 'vitest';
import { fitLogistic, predictProbability } from './logistic.ts';
import { syntheticMatrix } from './testing.ts';

const logit = (p: number) => Math.log(p / (1 - p));

describe('fitLogistic', () => {
  it('matches the closed form for one binary feature without penalty', () => {
    // x=0: 2 of 10 convert; x=1: 6 of 10 convert → intercept logit(0.2), coefficient logit(0.6) − logit(0.2)
    const x = new Float64Array(20);
    const y = new Uint8Array(20);
    for (let i = 0; i < 20; i++) {
      x[i] = i < 10 ? 0 : 1;
      y[i] = i < 10 ? (i < 2 ? 1 : 0) : i < 16 ? 1 : 0;
    }
    const fit = fitLogistic([x], y, { l2: 0 });
    if (!fit.ok) throw new Error(fit.error.message);
    expect(fit.value.converged).toBe(true);
    expect(fit.value.intercept).toBeCloseTo(logit(0.2), 8);
    expect(fit.value.coefficients[0]).toBeCloseTo(logit(0.6) - logit(0.2), 8);
    // Standard error of a log odds ratio: sqrt(1/a + 1/b + 1/c + 1/d)
    expect(fit.value.standardErrors[0]).toBeCloseTo(Math.sqrt(1 / 2 + 1 / 8 + 1 / 6 + 1 / 4), 6);
    expect(predictProbability(fit.value, [1])).toBeCloseTo(0.6, 8);
  });

  it('reaches the same optimum, standard errors and information from a warm start', () => {
    const matrix = syntheticMatrix({
      rows: 5000,
      coefficients: [1, -0.5, 0.8, 0, 0.3],
      intercept: -1.5,
      seed: 9,
    });
    const columns = matrix.features.map((f) => f.values);
    const full = fitLogistic(columns, matrix.labels, { l2: 2 });
    if (!full.ok) throw new Error(full.error.message);
    // Refit without column 3, once cold and once from the full fit restricted to the rest.
    const kept = [0, 1, 2, 4];
    const cold = fitLogistic(
      kept.map((j) => columns[j] ?? new Float64Array()),
      matrix.labels,
      { l2: 2 },
    );
    const width = columns.length + 1;
    const index = [0, ...kept.map((j) => j + 1)];
    const information = Float64Array.from({ length: index.length ** 2 }, (_, k) => {
      const a = index[Math.floor(k / index.length)] ?? 0;
      const b = index[k % index.length] ?? 0;
      return full.value.information[a * width + b] ?? 0;
    });
    const warm = fitLogistic(
      kept.map((j) => columns[j] ?? new Float64Array()),
      matrix.labels,
      {
        l2: 2,
        start: {
          intercept: full.value.standardizedIntercept,
          coefficients: kept.map((j) => full.value.standardizedCoefficients[j] ?? 0),
          information,
        },
      },
    );
    if (!cold.ok || !warm.ok) throw new Error('fit failed');
    expect(warm.value.converged).toBe(true);
    cold.value.coefficients.forEach((c, j) => {
      expect(warm.value.coefficients[j]).toBeCloseTo(c, 6);
      expect(warm.value.standardErrors[j]).toBeCloseTo(cold.value.standardErrors[j] ?? 0, 4);
    });
    expect(warm.value.intercept).toBeCloseTo(cold.value.intercept, 6);
    expect(warm.value.objective).toBeCloseTo(cold.value.objective, 6);
  });

  it('recovers known coefficients from synthetic data', () => {
    const truth = [1.5, -1, 0.5, 0];
    const matrix = syntheticMatrix({ rows: 40_000, coefficients: truth, intercept: -2, seed: 3 });
    const fit = fitLogistic(
      matrix.features.map((f) => f.values),
      matrix.labels,
      { l2: 0.1 },
    );
    if (!fit.ok) throw new Error(fit.error.message);
    expect(fit.value.intercept).toBeCloseTo(-2, 0);
    truth.forEach((coefficient, j) => {
      expect(Math.abs((fit.value.coefficients[j] ?? 0) - coefficient)).toBeLessThan(0.1);
    });
    expect(Math.abs(fit.value.zScores[3] ?? 99)).toBeLessThan(3);
    expect(Math.abs(fit.value.zScores[0] ?? 0)).toBeGreaterThan(10);
  });

  it('reports coefficients per unit of the original column whatever its scale', () => {
    const matrix = syntheticMatrix({ rows: 5000, coefficients: [1, 0.5], intercept: -1, seed: 5 });
    const [a, b] = matrix.features.map((f) => f.values);
    if (a === undefined || b === undefined) throw new Error('bug');
    const plain = fitLogistic([a, b], matrix.labels, { l2: 0 });
    const scaled = fitLogistic([a.map((v) => v * 1000), b], matrix.labels, { l2: 0 });
    if (!plain.ok || !scaled.ok) throw new Error('fit failed');
    expect((scaled.value.coefficients[0] ?? 0) * 1000).toBeCloseTo(plain.value.coefficients[0] ?? 0, 6);
    expect(scaled.value.standardizedCoefficients[0]).toBeCloseTo(
      plain.value.standardizedCoefficients[0] ?? 0,
      6,
    );
  });

  it('shrinks coefficients as the penalty grows and stays finite under perfect separation', () => {
    const x = Float64Array.from([0, 0, 0, 1, 1, 1]);
    const y = Uint8Array.from([0, 0, 0, 1, 1, 1]);
    const weak = fitLogistic([x], y, { l2: 0.01 });
    const strong = fitLogistic([x], y, { l2: 10 });
    if (!weak.ok || !strong.ok) throw new Error('fit failed');
    expect(Number.isFinite(weak.value.coefficients[0])).toBe(true);
    expect(Math.abs(strong.value.coefficients[0] ?? 0)).toBeLessThan(
      Math.abs(weak.value.coefficients[0] ?? 0),
    );
  });

  it('leaves a constant column out with coefficient 0', () => {
    const matrix = syntheticMatrix({ rows: 2000, coefficients: [1], intercept: -1, seed: 2 });
    const ones = new Float64Array(2000).fill(1);
    const fit = fitLogistic([matrix.features[0]?.values ?? ones, ones], matrix.labels);
    if (!fit.ok) throw new Error(fit.error.message);
    expect(fit.value.constant).toEqual([false, true]);
    expect(fit.value.coefficients[1]).toBe(0);
  });

  it('is deterministic', () => {
    const matrix = syntheticMatrix({ rows: 3000, coefficients: [1, -0.5, 0.2], intercept: -1, seed: 9 });
    const columns = matrix.features.map((f) => f.values);
    expect(fitLogistic(columns, matrix.labels)).toEqual(fitLogistic(columns, matrix.labels));
  });

  it('returns coded errors for labels of one class and bad options', () => {
    const x = [Float64Array.from([0, 1])];
    const noPositives = fitLogistic(x, Uint8Array.from([0, 0]));
    expect(!noPositives.ok && noPositives.error.code).toBe('no-positives');
    const noNegatives = fitLogistic(x, Uint8Array.from([1, 1]));
    expect(!noNegatives.ok && noNegatives.error.code).toBe('no-negatives');
    const badOption = fitLogistic(x, Uint8Array.from([0, 1]), { l2: -1 });
    expect(!badOption.ok && badOption.error.code).toBe('invalid-option');
    const mismatch = fitLogistic([Float64Array.from([1])], Uint8Array.from([0, 1]));
    expect(!mismatch.ok && mismatch.error.code).toBe('length-mismatch');
  });
});
