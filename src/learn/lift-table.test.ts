import { describe, expect, it } from 'vitest';
import { binaryColumn, chooseCut } from './count-cut.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { liftTable } from './lift-table.ts';

// 10 entities, 4 converters (rows 0–3).
const labels = Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
const matrix: FeatureMatrix = {
  entityIds: Array.from({ length: 10 }, (_, i) => `e${i}`),
  decisionTimes: new Float64Array(10),
  labels,
  features: [
    // holds for 3 of 4 converters and 1 of 6 others
    {
      name: 'seat_limit',
      label: 'Hit the seat limit',
      kind: 'boolean',
      values: Float64Array.from([1, 1, 1, 0, 1, 0, 0, 0, 0, 0]),
    },
    // invites: converters 3, 5, 2, 0; others 1, 0, 0, 1, 0, 2. J at cut 1: 0.75 − 0.5; at 2: 0.75 − 1/6; at 3: 0.5 − 0 → 2
    {
      name: 'invites',
      label: null,
      kind: 'count',
      values: Float64Array.from([3, 5, 2, 0, 1, 0, 0, 1, 0, 2]),
    },
  ],
};

describe('liftTable', () => {
  it('reads shares and conversion with and without each signal', () => {
    const [seat] = liftTable(matrix);
    expect(seat).toMatchObject({
      signal: 'seat_limit',
      cut: null,
      present: 4,
      shareOfConverters: 75,
      shareOfNonConverters: 100 / 6,
      conversionWhenPresent: 75,
      conversionWhenAbsent: (100 * 1) / 6,
      strongSeparator: true,
    });
    expect(seat?.lift).toBeCloseTo(0.75 / 0.4, 12);
  });

  it('cuts a count feature where it separates best and reads it as a signal', () => {
    expect(chooseCut(matrix.features[1]?.values ?? new Float64Array(), labels)).toBe(2);
    const invites = liftTable(matrix)[1];
    expect(invites).toMatchObject({ cut: 2, present: 4, shareOfConverters: 75 });
    expect(Array.from(binaryColumn(Float64Array.from([0, 2, 3]), 2))).toEqual([0, 1, 1]);
  });

  it('has no cut for a count that is always zero', () => {
    expect(chooseCut(new Float64Array(10), labels)).toBeNull();
  });
});
