import { describe, expect, it } from 'vitest';
import { load, only, places } from '../testing.ts';

const signals = 'signals:\n  a: { event: A }\n  b: { event: B }\n';

describe('points and cap', () => {
  it('are whole numbers, negative allowed, sorted by signal name', () => {
    const result = load(`${signals}points:\n  b: -20\n  a: 15\n`);
    expect(result.ir?.points).toEqual([
      { signal: 'a', points: 15 },
      { signal: 'b', points: -20 },
    ]);
  });

  it('reject fractional points with a hint', () => {
    const problem = only(load(`${signals}points:\n  a: 2.5\n`), 'bad-value-type');
    expect(problem).toMatchObject({ line: 8, col: 6 });
    expect(problem.hint).toContain('whole numbers');
  });

  it('default the cap to 100 and accept another whole number ≥ 0', () => {
    expect(load('').ir?.cap).toBe(100);
    expect(load('cap: 250\n').ir?.cap).toBe(250);
    expect(places(load('cap: -1\n'))).toEqual(['bad-value@4:6']);
    expect(places(load('cap: high\n'))).toEqual(['bad-value-type@4:6']);
  });

  it('reject a points section that is not a map', () => {
    expect(places(load('points: [a]\n'))).toEqual(['bad-value-type@4:9']);
  });
});
