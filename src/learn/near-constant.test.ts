import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { nearConstantSignals } from './near-constant.ts';
import { syntheticMatrix } from './testing.ts';

describe('near-constant candidates', () => {
  it('drops a signal whose rarer side has fewer than 10 rows or 0.2 % of them, whichever is more', () => {
    const n = 3608;
    const column = (holds: (i: number) => boolean) =>
      Float64Array.from({ length: n }, (_, i) => (holds(i) ? 1 : 0));
    const matrix: FeatureMatrix = {
      entityIds: Array.from({ length: n }, (_, i) => `e${i}`),
      decisionTimes: new Float64Array(n),
      labels: new Uint8Array(n),
      features: [
        { name: 'almost_all', label: null, kind: 'boolean', values: column((i) => i > 0) },
        { name: 'nine', label: null, kind: 'boolean', values: column((i) => i < 9) },
        { name: 'twenty', label: null, kind: 'boolean', values: column((i) => i < 20) },
        {
          name: 'count',
          label: null,
          kind: 'count',
          values: Float64Array.from({ length: n }, (_, i) => i % 3),
        },
      ],
    };
    const candidates = new Map<string, number | null>([
      ['almost_all', null],
      ['nine', null],
      ['twenty', null],
      ['count', 1], // holds for two thirds
    ]);
    expect(nearConstantSignals(matrix, candidates)).toEqual(['almost_all', 'nine']);
    candidates.set('count', 3); // never holds
    expect(nearConstantSignals(matrix, candidates)).toEqual(['almost_all', 'nine', 'count']);
  });

  it('keeps a signal true for 3,607 of 3,608 training rows out of the fit (issue 12)', () => {
    const base = syntheticMatrix({ rows: 4510, coefficients: [1.5, 0.8], intercept: -2, seed: 8 });
    const almostAll = Float64Array.from(base.labels, (_, i) => (i === 7 ? 0 : 1));
    const matrix: FeatureMatrix = {
      ...base,
      features: [...base.features, { name: 'seen', label: null, kind: 'boolean', values: almostAll }],
    };
    const report = calibrate(matrix, { target: { targetRate: 10 } });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.dropped).toContainEqual({
      signal: 'seen',
      reason: 'near-constant',
      coefficient: null,
    });
    expect(report.value.points.map((p) => p.signal)).not.toContain('seen');
    expect(report.value.refusal).toBeNull();
  });
});
