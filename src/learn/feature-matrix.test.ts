import { describe, expect, it } from 'vitest';
import { checkMatrix, type FeatureMatrix, selectRows } from './feature-matrix.ts';

const matrix: FeatureMatrix = {
  entityIds: ['a', 'b', 'c'],
  decisionTimes: Float64Array.from([1, 2, 3]),
  labels: Uint8Array.from([0, 1, 0]),
  features: [{ name: 'x', label: null, kind: 'boolean', values: Float64Array.from([1, 0, 1]) }],
  current: { scores: Float64Array.from([10, 20, 30]), qualified: Uint8Array.from([0, 1, 1]) },
};

const codeOf = (candidate: FeatureMatrix) => {
  const result = checkMatrix(candidate);
  return result.ok ? 'ok' : result.error.code;
};

describe('checkMatrix', () => {
  it('accepts a well-formed matrix', () => {
    expect(codeOf(matrix)).toBe('ok');
  });

  it('names each shape problem with its code', () => {
    expect(codeOf({ ...matrix, labels: Uint8Array.from([0, 1]) })).toBe('length-mismatch');
    expect(codeOf({ ...matrix, labels: Uint8Array.from([0, 2, 0]) })).toBe('bad-label');
    expect(codeOf({ ...matrix, features: [] })).toBe('no-features');
    expect(codeOf({ ...matrix, decisionTimes: Float64Array.from([1, Number.NaN, 3]) })).toBe(
      'non-finite-value',
    );
    const x = matrix.features[0];
    if (x === undefined) throw new Error('bug');
    expect(codeOf({ ...matrix, features: [x, x] })).toBe('duplicate-feature');
    expect(codeOf({ ...matrix, features: [{ ...x, values: Float64Array.from([1, 2, 0]) }] })).toBe(
      'bad-boolean-value',
    );
    expect(codeOf({ ...matrix, features: [{ ...x, values: Float64Array.from([1, Infinity, 0]) }] })).toBe(
      'non-finite-value',
    );
    expect(codeOf({ ...matrix, features: [{ ...x, values: Float64Array.from([1]) }] })).toBe(
      'length-mismatch',
    );
    expect(codeOf({ ...matrix, gatePassed: Uint8Array.from([1]) })).toBe('length-mismatch');
  });
});

describe('selectRows', () => {
  it('copies the chosen rows of every per-entity array', () => {
    const picked = selectRows(matrix, Uint32Array.from([2, 0]));
    expect(picked.entityIds).toEqual(['c', 'a']);
    expect(Array.from(picked.labels)).toEqual([0, 0]);
    expect(Array.from(picked.features[0]?.values ?? [])).toEqual([1, 1]);
    expect(Array.from(picked.current?.scores ?? [])).toEqual([30, 10]);
    expect(Array.from(picked.current?.qualified ?? [])).toEqual([1, 0]);
  });
});
