import { describe, expect, it } from 'vitest';
import { thresholds, windowText } from './event-features.ts';

describe('thresholds of a generated count', () => {
  it('is at least once, then the median and 90th percentile of those who have any, as whole simple numbers', () => {
    const counts = Float64Array.from([0, 0, 0, 1, 1, 2, 3, 5, 8, 13, 21, 40]);
    expect(thresholds(counts, 1)).toEqual([1, 5, 20]);
  });

  it('leaves out thresholds too few entities reach, and "at least once" when everyone does', () => {
    expect(thresholds(Float64Array.from([0, 0, 0, 0, 1]), 2)).toEqual([]);
    expect(thresholds(Float64Array.from([2, 2, 3, 3, 4, 9]), 1)).toEqual([3, 4]);
    expect(thresholds(Float64Array.from([2, 2, 3, 3, 4, 9]), 3)).toEqual([3]);
  });

  it('names windows as the language writes them', () => {
    expect(windowText(7 * 86_400_000)).toBe('7d');
    expect(windowText(12 * 3_600_000)).toBe('12h');
  });
});
