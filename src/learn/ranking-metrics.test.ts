import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc, aucOfSplit, capturedAt, gainCurve, splitByLabel, topDecileLift } from './ranking-metrics.ts';

const f64 = (values: number[]) => Float64Array.from(values);
const u8 = (values: number[]) => Uint8Array.from(values);

describe('auc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc(f64([1, 2, 3, 4]), u8([0, 0, 1, 1]))).toBe(1);
    expect(auc(f64([4, 3, 2, 1]), u8([0, 0, 1, 1]))).toBe(0);
  });

  it('counts ties one half', () => {
    expect(auc(f64([5, 5, 5, 5]), u8([0, 1, 0, 1]))).toBe(0.5);
    // positives 3 and 2, negatives 2 and 1: pairs (3>2)(3>1)(2=2)(2>1) = 3.5 of 4
    expect(auc(f64([3, 2, 2, 1]), u8([1, 1, 0, 0]))).toBe(3.5 / 4);
  });

  it('matches a hand count on a mixed ranking', () => {
    // scores by label — positives: 0.9, 0.4; negatives: 0.8, 0.3, 0.1 → wins 3 + 2 = 5 of 6
    expect(auc(f64([0.9, 0.8, 0.4, 0.3, 0.1]), u8([1, 0, 1, 0, 0]))).toBeCloseTo(5 / 6, 12);
  });

  it('is NaN when a class is missing', () => {
    expect(auc(f64([1, 2]), u8([1, 1]))).toBeNaN();
    expect(auc(f64([1, 2]), u8([0, 0]))).toBeNaN();
  });

  it('counts yes/no scores without sorting, to the same value as the general rule (property)', () => {
    const rows = fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 2, maxLength: 60 });
    fc.assert(
      fc.property(rows, (pairs) => {
        const labels = u8(pairs.map(([, label]) => (label ? 1 : 0)));
        const scores = f64(pairs.map(([score]) => (score ? 1 : 0)));
        const general = aucOfSplit(splitByLabel(scores, labels));
        if (Number.isNaN(general)) expect(auc(scores, labels)).toBeNaN();
        else expect(auc(scores, labels)).toBeCloseTo(general, 12);
      }),
    );
  });

  it('flips to 1 − AUC when scores are negated, and ignores monotone transforms', () => {
    const rows = fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.boolean()), {
      minLength: 2,
      maxLength: 60,
    });
    fc.assert(
      fc.property(rows, (pairs) => {
        const labels = u8(pairs.map(([, label]) => (label ? 1 : 0)));
        const scores = f64(pairs.map(([score]) => score));
        const value = auc(scores, labels);
        fc.pre(Number.isFinite(value));
        expect(
          auc(
            scores.map((s) => -s),
            labels,
          ),
        ).toBeCloseTo(1 - value, 12);
        expect(
          auc(
            scores.map((s) => Math.exp(s / 5) * 3 + 1),
            labels,
          ),
        ).toBeCloseTo(value, 12);
      }),
    );
  });
});

describe('top-decile lift and gain', () => {
  it('is the top 10 % conversion rate over the base rate', () => {
    // 20 rows, 2 converters both on top: top decile (2 rows) converts 100 %, base 10 % → lift 10
    const scores = f64(Array.from({ length: 20 }, (_, i) => 20 - i));
    const labels = u8(Array.from({ length: 20 }, (_, i) => (i < 2 ? 1 : 0)));
    expect(topDecileLift(scores, labels)).toBeCloseTo(10, 12);
  });

  it('takes a tied group at the cut-off pro rata instead of by row order', () => {
    // 10 rows all tied, 5 converters: the top decile is one tenth of the group → rate 50 % = base → lift 1
    const labels = u8([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(topDecileLift(new Float64Array(10), labels)).toBeCloseTo(1, 12);
    expect(capturedAt(splitByLabel(new Float64Array(10), labels), 0.3)).toEqual({
      entities: 3,
      positives: 1.5,
    });
  });

  it('gains from 0 % to 100 % without decreasing', () => {
    const gain = gainCurve(splitByLabel(f64([4, 3, 2, 1]), u8([1, 0, 1, 0])));
    expect(gain[0]).toEqual({ share: 0, captured: 0 });
    expect(gain.at(-1)).toEqual({ share: 100, captured: 100 });
    expect(gain.find((point) => point.share === 25)?.captured).toBe(50);
    for (let i = 1; i < gain.length; i++)
      expect(gain[i]?.captured).toBeGreaterThanOrEqual(gain[i - 1]?.captured ?? 0);
  });
});
