import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.ts';
import { duplicateSignals } from './duplicate-signals.ts';
import type { FeatureColumn, FeatureMatrix } from './feature-matrix.ts';
import { syntheticMatrix } from './testing.ts';

const yesNo = (name: string, values: number[]): FeatureColumn => ({
  name,
  label: null,
  kind: 'boolean',
  values: Float64Array.from(values),
});
const count = (name: string, values: number[]): FeatureColumn => ({ ...yesNo(name, values), kind: 'count' });

function matrixOf(features: FeatureColumn[]): FeatureMatrix {
  const n = features[0]?.values.length ?? 0;
  return {
    entityIds: Array.from({ length: n }, (_, i) => `e${i}`),
    decisionTimes: new Float64Array(n),
    features,
    labels: new Uint8Array(n),
  };
}

describe('candidates that repeat another', () => {
  it('finds equal columns, yes/no opposites and counts equal after their cut, keeping the first', () => {
    const matrix = matrixOf([
      yesNo('disability_is_n', [1, 1, 0, 1, 0]),
      yesNo('disability_is_y', [0, 0, 1, 0, 1]),
      count('clicks_14d', [0, 4, 1, 9, 2]),
      count('clicks_30d', [0, 5, 1, 9, 2]),
      count('visits_7d', [0, 3, 0, 7, 1]),
      yesNo('forum', [1, 1, 0, 1, 1]),
    ]);
    const candidates = new Map<string, number | null>([
      ['disability_is_n', null],
      ['disability_is_y', null],
      ['clicks_14d', 3],
      ['clicks_30d', 3],
      ['visits_7d', 2],
      ['forum', null],
    ]);
    expect(duplicateSignals(matrix, candidates)).toEqual([
      { signal: 'disability_is_y', of: 'disability_is_n', opposite: true, near: false },
      { signal: 'clicks_30d', of: 'clicks_14d', opposite: false, near: false },
      // visits ≥ 2 holds on rows 1 and 3, as clicks ≥ 3 does.
      { signal: 'visits_7d', of: 'clicks_14d', opposite: false, near: false },
    ]);
    // At another cut the counts differ, and nothing repeats.
    candidates.set('clicks_30d', 2).set('visits_7d', 7);
    expect(duplicateSignals(matrix, candidates).map((d) => d.signal)).toEqual(['disability_is_y']);
  });

  it('never lets a signal and its copy or its opposite both into a proposal', () => {
    const base = syntheticMatrix({ rows: 3000, coefficients: [1.2, 0.8, 0], intercept: -2, seed: 5 });
    const strong = base.features[0];
    if (strong === undefined) throw new Error('no feature');
    const matrix: FeatureMatrix = {
      ...base,
      features: [
        ...base.features,
        { ...strong, name: 'strong_copy' },
        { ...strong, name: 'strong_opposite', values: strong.values.map((v) => 1 - v) },
      ],
    };
    const report = calibrate(matrix, { target: { targetRate: 10 } });
    if (!report.ok) throw new Error(report.error.message);
    const dropped = report.value.dropped.filter((d) => d.reason === 'duplicate').map((d) => d.signal);
    expect(dropped.sort()).toEqual(['strong_copy', 'strong_opposite']);
    expect(report.value.points.map((p) => p.signal)).toContain('signal_0');
  });

  it('finds near copies and near opposites: a few differing rows among many where either holds', () => {
    const n = 1000;
    const active7 = Array.from({ length: n }, (_, i) => (i < 300 ? 1 : 0));
    const active14 = active7.map((v, i) => (i === 300 || i === 301 ? 1 : v)); // 2 of 302 differ
    const inactive = active7.map((v, i) => (i === 5 ? v : 1 - v)); // the opposite but for one row
    const rare = Array.from({ length: n }, (_, i) => (i < 4 ? 1 : 0));
    const rareToo = rare.map((v, i) => (i === 4 ? 1 : v)); // 1 of 5 differs: not a copy
    const matrix = matrixOf([
      yesNo('active_7d', active7),
      yesNo('active_14d', active14),
      yesNo('inactive', inactive),
      yesNo('rare', rare),
      yesNo('rare_too', rareToo),
    ]);
    const candidates = new Map<string, number | null>(matrix.features.map((f) => [f.name, null]));
    expect(duplicateSignals(matrix, candidates)).toEqual([
      { signal: 'active_14d', of: 'active_7d', opposite: false, near: true },
      { signal: 'inactive', of: 'active_7d', opposite: true, near: true },
    ]);
    expect(duplicateSignals(matrix, candidates, { tolerance: 0 })).toEqual([]);
  });
});
