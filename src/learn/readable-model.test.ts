/**
 * Readable models by default (issue 12): at most 12 signals with the cost of that cap measured,
 * a number's cuts stepping one way or forming one band, and round points when they rank as well.
 */
import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.ts';
import type { ProposedPoints } from './calibration-report.ts';
import { cutFamilies } from './cut-families.ts';
import type { FeatureColumn, FeatureMatrix } from './feature-matrix.ts';
import { roundPoints } from './round-points.ts';
import { DAY_MS, START_MS, seededRandom, syntheticMatrix } from './testing.ts';

describe('the signal budget', () => {
  it('keeps at most 12 signals by default and reports what a wider fit would rank', () => {
    const matrix = syntheticMatrix({
      rows: 6000,
      coefficients: Array.from({ length: 20 }, (_, j) => 0.3 + j * 0.03),
      intercept: -3,
      seed: 5,
    });
    const report = calibrate(matrix, { target: { targetRate: 10 } });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.points.length).toBeLessThanOrEqual(12);
    expect(report.value.model.maxSignals).toBe(12);
    const cost = report.value.model.budgetCost;
    expect(cost?.signals).toBeGreaterThan(12);
    expect(cost?.proposedAuc).toBe(report.value.validation.proposed.auc);
    const given = calibrate(matrix, { target: { targetRate: 10 }, maxSignals: 20 });
    if (!given.ok) throw new Error(given.error.message);
    expect(given.value.points.length).toBeGreaterThan(12);
    expect(given.value.model.budgetCost).toBeNull();
  });
});

/** Income as three cuts: converting is likeliest in a middle band (20k–40k). */
function incomeMatrix(): FeatureMatrix {
  const random = seededRandom(17);
  const n = 8000;
  const income = Float64Array.from({ length: n }, () => Math.floor(random() * 60_000));
  const labels = Uint8Array.from(income, (value) => {
    const p = value >= 20_000 && value < 40_000 ? 0.3 : value >= 15_000 ? 0.15 : 0.05;
    return random() < p ? 1 : 0;
  });
  const cut = (at: number): FeatureColumn => ({
    name: `income_gte_${at / 1000}k`,
    label: null,
    kind: 'boolean',
    values: Float64Array.from(income, (value) => (value >= at ? 1 : 0)),
    signal: { trait: 'income', gte: at },
  });
  const noise: FeatureColumn = {
    name: 'newsletter',
    label: null,
    kind: 'boolean',
    values: Float64Array.from(income, () => (random() < 0.4 ? 1 : 0)),
    signal: { trait: 'newsletter', eq: true },
  };
  return {
    entityIds: Array.from({ length: n }, (_, i) => `e${i}`),
    decisionTimes: Float64Array.from({ length: n }, (_, i) => START_MS + Math.floor((i / n) * 60) * DAY_MS),
    features: [cut(15_000), cut(20_000), cut(40_000), noise],
    labels,
  };
}

describe('cuts of one number', () => {
  it('groups cuts whose bodies differ only in their threshold', () => {
    const matrix = incomeMatrix();
    const families = cutFamilies(matrix.features, new Map(matrix.features.map((f) => [f.name, null])));
    expect(families.get('income_gte_15k')?.family).toBe(families.get('income_gte_40k')?.family);
    expect(families.get('income_gte_20k')?.threshold).toBe(20_000);
    expect(families.get('newsletter')).toBeUndefined();
  });

  it('steps one way or forms one band: never "≥ 15k +, ≥ 20k −, ≥ 40k −"', () => {
    const report = calibrate(incomeMatrix(), { target: { targetRate: 15 }, minZ: 1, l2: 1 });
    if (!report.ok) throw new Error(report.error.message);
    const income = report.value.points
      .filter((p) => p.signal.startsWith('income_'))
      .sort((a, b) => Number.parseInt(a.signal.slice(11), 10) - Number.parseInt(b.signal.slice(11), 10));
    const signs = income.map((p) => Math.sign(p.points));
    const oneDirection = new Set(signs).size <= 1;
    expect(oneDirection || income.length === 2).toBe(true);
    expect(report.value.dropped.some((d) => d.reason === 'non-monotone')).toBe(true);
  });
});

describe('round points', () => {
  const matrix = syntheticMatrix({ rows: 4000, coefficients: [2, 1, -1], intercept: -2, seed: 9 });
  const entry = (signal: string, points: number): ProposedPoints => ({
    signal,
    label: null,
    points,
    cut: null,
    coefficient: points / 10,
    standardError: 0.1,
    zScore: 10,
  });

  it('takes multiples of 10 when they rank the training rows as well (within half a standard error)', () => {
    const rounded = roundPoints(
      matrix,
      [entry('signal_0', 20), entry('signal_1', 9), entry('signal_2', -11)],
      {
        cap: 100,
      },
    );
    expect(rounded.step).toBe(10);
    expect(rounded.points.map((p) => p.points)).toEqual([20, 10, -10]);
    expect(rounded.aucAfter).toBeGreaterThanOrEqual(rounded.aucBefore - 0.005);
  });

  it('keeps finer points when rounding would cost ranking', () => {
    // 20 / 4 / −4: to tens, the two weaker signals would round to nothing.
    const rounded = roundPoints(
      matrix,
      [entry('signal_0', 20), entry('signal_1', 4), entry('signal_2', -4)],
      { cap: 100, steps: [10] },
    );
    expect(rounded.step).toBe(1);
    expect(rounded.points.map((p) => p.points)).toEqual([20, 4, -4]);
  });

  it('rounds a calibrated proposal by default', () => {
    const report = calibrate(matrix, { target: { targetRate: 10 } });
    if (!report.ok) throw new Error(report.error.message);
    const step = report.value.model.pointStep ?? 1;
    for (const p of report.value.points) expect(Math.abs(p.points) % step).toBe(0);
    expect(step).toBeGreaterThan(1);
  });
});
