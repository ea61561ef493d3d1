import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from './feature-matrix.ts';
import { detectLeakage } from './leakage.ts';
import { syntheticMatrix } from './testing.ts';

function withFeature(base: FeatureMatrix, feature: FeatureMatrix['features'][number]): FeatureMatrix {
  return { ...base, features: [...base.features, feature] };
}

describe('detectLeakage', () => {
  const base = syntheticMatrix({ rows: 2000, coefficients: [1.5, 0.5], intercept: -1.5, seed: 4 });

  it('flags nothing on honest features', () => {
    expect(detectLeakage(base)).toEqual([]);
  });

  it('flags a copy of the label, and its inverse', () => {
    const copy = Float64Array.from(base.labels);
    const inverse = copy.map((v) => 1 - v);
    let matrix = withFeature(base, { name: 'paid_plan', label: null, kind: 'boolean', values: copy });
    matrix = withFeature(matrix, { name: 'still_free', label: null, kind: 'boolean', values: inverse });
    const flags = detectLeakage(matrix);
    expect(flags.map((f) => [f.signal, f.reason])).toEqual([
      ['paid_plan', 'separates-label'],
      ['still_free', 'separates-label'],
    ]);
    expect(flags[0]?.auc).toBe(1);
  });

  it('flags a near-perfect separator at the limit but not below it', () => {
    // Flip 1 % of the copy: AUC ≈ 0.99 → flagged at 0.98, not at a 0.995 limit
    const noisy = Float64Array.from(base.labels, (v, i) => (i % 100 === 0 ? 1 - v : v));
    const matrix = withFeature(base, { name: 'noisy', label: null, kind: 'boolean', values: noisy });
    expect(detectLeakage(matrix).map((f) => f.signal)).toEqual(['noisy']);
    expect(detectLeakage(matrix, { aucLimit: 0.995 })).toEqual([]);
  });

  it('flags a feature observed after the decision time, counting the rows', () => {
    const first = base.features[0];
    if (first === undefined) throw new Error('bug');
    // Rows 0–2 observed a millisecond late; row 3 unknown; row 4 exactly at the decision (known then).
    const observedAt = Float64Array.from(base.decisionTimes, (t, i) =>
      i < 3 ? t + 1 : i === 3 ? Number.NaN : i === 4 ? t : t - 1,
    );
    const matrix: FeatureMatrix = { ...base, features: [{ ...first, observedAt }] };
    expect(detectLeakage(matrix)).toEqual([
      { signal: first.name, reason: 'observed-after-decision', auc: null, rowsObservedLate: 3 },
    ]);
  });
});
