import { describe, expect, it } from 'vitest';
import { load, only, places } from '../testing.ts';

describe('tiers', () => {
  it('keep their order, ascending by minimum', () => {
    const result = load('tiers:\n  cold: 0\n  warm: 26\n  hot: 51\n  burning: 76\n');
    expect(result.ir?.tiers).toEqual([
      { name: 'cold', min: 0 },
      { name: 'warm', min: 26 },
      { name: 'hot', min: 51 },
      { name: 'burning', min: 76 },
    ]);
  });

  it('must ascend strictly in file order', () => {
    const problem = only(load('tiers:\n  cold: 0\n  hot: 50\n  warm: 26\n'), 'tiers-not-ascending');
    expect(problem).toMatchObject({ line: 7, col: 9 });
    expect(problem.message).toContain('expected more than 50');
    expect(places(load('tiers:\n  a: 10\n  b: 10\n'))).toEqual(['tiers-not-ascending@6:6']);
  });

  it('take whole minimums ≥ 0 and well-formed names', () => {
    expect(places(load('tiers:\n  cold: -1\n  Hot: 2.5\n'))).toEqual([
      'bad-value@5:9',
      'bad-name@6:3',
      'bad-value-type@6:8',
    ]);
  });

  it('warn when a tier is above the cap, without failing the file', () => {
    const result = load('cap: 50\ntiers:\n  cold: 0\n  burning: 76\n');
    expect(places(result)).toEqual(['unreachable-tier@7:12']);
    expect(result.ir?.cap).toBe(50);
  });

  it('may be absent', () => {
    expect(load('').ir?.tiers).toEqual([]);
  });
});
