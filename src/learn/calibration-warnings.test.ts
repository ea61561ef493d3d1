import { describe, expect, it } from 'vitest';
import { calibrationWarnings, tooTight } from './calibration-warnings.ts';
import type { ModelMetrics } from './model-metrics.ts';

/** Holdout figures with a PQL rate, precision and base rate (%); recall follows from them. */
function metrics(pqlRate: number, precision: number, baseRate: number): ModelMetrics {
  return {
    auc: 0.7,
    qualified: pqlRate * 10,
    pqlRate,
    precision,
    recall: (precision * pqlRate) / baseRate,
    liftAtThreshold: precision / baseRate,
    topDecileLift: 2,
    gain: [],
  };
}

const quiet = { current: null, converged: true, leakage: [], tiers: [], cap: 100 };

const codes = (proposed: ModelMetrics, baseRate: number) =>
  calibrationWarnings({ ...quiet, proposed, baseRate }).map((warning) => warning.code);

describe('too-tight', () => {
  it('is silent when no healthy bar could qualify 60 % of converters (37 % base rate, 10 % PQLs)', () => {
    // Even a perfect 10 % would catch 27 % of converters; 60 % needs 22 % PQLs, above 15 %.
    const proposed = metrics(10, 60, 37);
    expect(proposed.recall).toBeLessThan(60);
    expect(tooTight(proposed, 37)).toBe(false);
    expect(codes(proposed, 37)).not.toContain('too-tight');
  });

  it('fires when a bar within the healthy range could have qualified 60 % (6 % base rate)', () => {
    const proposed = metrics(12, 22, 6); // recall 44 %: a 15 % PQL rate could hold 60 % of converters
    expect(tooTight(proposed, 6)).toBe(true);
    expect(codes(proposed, 6)).toContain('too-tight');
  });

  it('fires with a high base rate when the definition already qualifies enough to hold 60 %', () => {
    // 40 % qualified, 37 % base rate, but only 40 % of converters among them: the wrong entities.
    const proposed = metrics(40, 37, 37);
    expect(proposed.recall).toBeCloseTo(40, 9);
    expect(tooTight(proposed, 37)).toBe(true);
  });

  it('is silent when 60 % or more of converters qualified', () => {
    const proposed = metrics(12, 40, 6); // recall 80 %
    expect(codes(proposed, 6)).not.toContain('too-tight');
  });

  it('the other health rules still apply at a high base rate', () => {
    expect(codes(metrics(10, 30, 37), 37)).toEqual([]);
    expect(codes(metrics(30, 15, 37), 37)).toEqual([
      'pql-rate-outside-healthy-range',
      'precision-below-20',
      'too-tight',
    ]);
  });
});

describe('unreachable-tier', () => {
  it('names a kept tier that had to start above the cap', () => {
    const tiers = [
      { name: 'cold', min: 0, share: 90 },
      { name: 'hot', min: 100, share: 10 },
      { name: 'burning', min: 101, share: 0 },
    ];
    const warnings = calibrationWarnings({ ...quiet, proposed: metrics(10, 40, 6), baseRate: 6, tiers });
    expect(warnings.map((w) => w.code)).toEqual(['unreachable-tier']);
    expect(warnings[0]?.message).toContain('"burning"');
    expect(warnings[0]?.message).toContain('starts at 101');
  });
});
