import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseThreshold, sweepThresholds } from './threshold-sweep.ts';

const f64 = (values: number[]) => Float64Array.from(values);
const u8 = (values: number[]) => Uint8Array.from(values);

// scores 0,10,10,20,30 with converters at 20 and 30 and one at 10
const sweep = sweepThresholds(f64([0, 10, 10, 20, 30]), u8([0, 1, 0, 1, 1]));

describe('sweepThresholds', () => {
  it('gives rate, precision and recall for every distinct score, ascending', () => {
    expect(sweep.map((p) => p.threshold)).toEqual([0, 10, 20, 30]);
    expect(sweep[1]).toEqual({
      threshold: 10,
      qualified: 4,
      truePositives: 3,
      pqlRate: 80,
      precision: 75,
      recall: 100,
    });
    expect(sweep[2]).toEqual({
      threshold: 20,
      qualified: 2,
      truePositives: 2,
      pqlRate: 40,
      precision: 100,
      recall: (100 * 2) / 3,
    });
  });

  it('never increases rate, recall or qualified as the threshold rises', () => {
    const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.boolean()), {
      minLength: 1,
      maxLength: 80,
    });
    fc.assert(
      fc.property(rows, (pairs) => {
        const points = sweepThresholds(f64(pairs.map(([s]) => s)), u8(pairs.map(([, l]) => (l ? 1 : 0))));
        expect(points[0]?.pqlRate).toBe(100);
        for (let i = 1; i < points.length; i++) {
          const before = points[i - 1];
          const after = points[i];
          if (before === undefined || after === undefined) throw new Error('bug: index out of range');
          expect(after.threshold).toBeGreaterThan(before.threshold);
          expect(after.qualified).toBeLessThan(before.qualified);
          expect(after.recall).toBeLessThanOrEqual(before.recall);
        }
      }),
    );
  });
});

describe('chooseThreshold', () => {
  it('picks the rate closest to the target, the higher threshold on a tie', () => {
    const chosen = chooseThreshold(sweep, { targetRate: 35 });
    expect(chosen.ok && chosen.value.threshold).toBe(20);
    // 60 % is 20 away from both 80 % and 40 %
    const tie = chooseThreshold(sweep, { targetRate: 60 });
    expect(tie.ok && tie.value.threshold).toBe(20);
  });

  it('picks the lowest threshold reaching a target precision', () => {
    const chosen = chooseThreshold(sweep, { targetPrecision: 70 });
    expect(chosen.ok && chosen.value.threshold).toBe(10);
  });

  it('rejects a target rate outside (0, 100) and a precision outside (0, 100]', () => {
    for (const targetRate of [0, 100, -5, 150, Number.NaN]) {
      const result = chooseThreshold(sweep, { targetRate });
      expect(!result.ok && result.error.code).toBe('target-rate-out-of-range');
    }
    const precision = chooseThreshold(sweep, { targetPrecision: 0 });
    expect(!precision.ok && precision.error.code).toBe('target-precision-out-of-range');
  });

  it('says when no threshold reaches the precision', () => {
    const low = sweepThresholds(f64([1, 2, 3]), u8([1, 0, 0]));
    const result = chooseThreshold(low, { targetPrecision: 50 });
    expect(!result.ok && result.error.code).toBe('precision-unreachable');
  });
});
