import { describe, expect, it } from 'vitest';
import type { Bounds } from '../ir.ts';
import { load, only, places } from '../testing.ts';

function bounds(spec: string): Bounds | undefined {
  const result = load(`signals:\n  s: { event: E${spec} }\n`);
  expect(result.problems).toEqual([]);
  const signal = result.ir?.signals[0];
  return signal?.kind === 'aggregate' ? signal.bounds : undefined;
}

describe('at_least / at_most', () => {
  it('default to at least 1 only when neither is written', () => {
    expect(bounds('')).toEqual({ atLeast: 1, atMost: null });
    expect(bounds(', at_least: 3')).toEqual({ atLeast: 3, atMost: null });
    expect(bounds(', at_most: 0')).toEqual({ atLeast: null, atMost: 0 });
    expect(bounds(', at_least: 2, at_most: 5')).toEqual({ atLeast: 2, atMost: 5 });
  });

  it('take whole numbers ≥ 0 on counts, any number on sums', () => {
    expect(places(load('signals:\n  s: { event: E, at_least: 2.5 }\n'))).toEqual(['bad-bounds@5:28']);
    expect(places(load('signals:\n  s: { distinct: user, at_least: -1 }\n'))).toEqual(['bad-bounds@5:34']);
    const sum = load('signals:\n  s: { sum: properties.amount, at_least: 99.5 }\n');
    expect(sum.problems).toEqual([]);
  });

  it('reject bounds that can never hold', () => {
    const inverted = only(load('signals:\n  s: { event: E, at_least: 5, at_most: 2 }\n'), 'bad-bounds');
    expect(inverted).toMatchObject({ line: 5, col: 40 });
    expect(inverted.message).toContain('can never hold');
    const tooMany = load(
      'signals:\n  a: { event: A }\n  b: { event: B }\n  s: { at_least: 3, of: [a, b] }\n',
    );
    expect(places(tooMany)).toEqual(['bad-bounds@7:18']);
  });

  it('apply to `of`, which defaults to at least one holding', () => {
    const result = load(
      'signals:\n  a: { event: A }\n  b: { event: B }\n  s: { of: [a, b] }\n  t: { at_most: 1, of: [a, b] }\n',
    );
    const byName = new Map(result.ir?.signals.map((s) => [s.name, s]));
    expect(byName.get('s')).toMatchObject({
      kind: 'count_of',
      items: ['a', 'b'],
      bounds: { atLeast: 1, atMost: null },
    });
    expect(byName.get('t')).toMatchObject({ bounds: { atLeast: null, atMost: 1 } });
  });

  it('must be numbers', () => {
    expect(places(load('signals:\n  s: { event: E, at_least: three }\n'))).toEqual(['bad-value-type@5:28']);
  });
});
