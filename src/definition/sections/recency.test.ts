import { describe, expect, it } from 'vitest';
import { load, only, places } from '../testing.ts';

describe('recency', () => {
  it('becomes whole percentages with the otherwise row last and unbounded', () => {
    const result = load(`
      recency:
        - { within: 7d, multiply: 1.0 }
        - { within: 30d, multiply: 0.55 }
        - { otherwise: 0.1 }
    `);
    expect(result.problems).toEqual([]);
    expect(result.ir?.recency).toEqual([
      { withinMs: 7 * 86_400_000, percent: 100 },
      { withinMs: 30 * 86_400_000, percent: 55 },
      { withinMs: null, percent: 10 },
    ]);
  });

  it('is empty when absent (multiplier 100 %)', () => {
    expect(load('').ir?.recency).toEqual([]);
  });

  it('allows multipliers above 1 and exactly 0', () => {
    expect(load('recency:\n  - { within: 1d, multiply: 1.25 }\n  - { otherwise: 0 }\n').ir?.recency).toEqual([
      { withinMs: 86_400_000, percent: 125 },
      { withinMs: null, percent: 0 },
    ]);
  });

  it('rejects multipliers with more than two decimals or below zero', () => {
    const result = load('recency:\n  - { within: 1d, multiply: 0.125 }\n  - { otherwise: -0.5 }\n');
    expect(places(result)).toEqual(['bad-multiplier@5:29', 'bad-multiplier@6:18']);
    expect(only(load('recency:\n  - { otherwise: lots }\n'), 'bad-multiplier').message).toContain(
      'found string "lots"',
    );
  });

  it('requires windows to ascend', () => {
    const result = load(
      'recency:\n  - { within: 30d, multiply: 0.5 }\n  - { within: 7d, multiply: 1 }\n  - { otherwise: 0 }\n',
    );
    expect(places(result)).toEqual(['recency-order@6:15']);
  });

  it('requires exactly one otherwise row, last', () => {
    expect(places(load('recency:\n  - { within: 7d, multiply: 1 }\n'))).toEqual(['recency-order@4:1']);
    const early = load('recency:\n  - { otherwise: 0.1 }\n  - { within: 7d, multiply: 1 }\n');
    expect(places(early)).toEqual(['recency-order@6:5']);
  });

  it('checks the keys of each row', () => {
    expect(places(load('recency:\n  - { within: 7d, multipy: 1 }\n  - { otherwise: 0 }\n'))).toEqual([
      'missing-key@5:5',
      'unknown-key@5:19',
    ]);
    expect(places(load('recency: { within: 7d }\n'))).toEqual(['bad-value-type@4:10']);
  });
});
