import { describe, expect, it } from 'vitest';
import type { PropertyFilter } from '../ir.ts';
import { load, only, places } from '../testing.ts';

function where(filters: string): readonly PropertyFilter[] {
  const result = load(`signals:\n  s:\n    event: E\n    where: ${filters}\n`);
  expect(result.problems).toEqual([]);
  const signal = result.ir?.signals[0];
  return signal?.kind === 'aggregate' ? signal.where : [];
}

describe('where: property filters', () => {
  it('reads a bare value as equality and a dotted key as a path inside properties', () => {
    expect(where('{ path: /pricing, plan.tier: pro, count: 3, paid: true }')).toEqual([
      { path: ['path'], comparison: { op: 'eq', value: '/pricing' } },
      { path: ['plan', 'tier'], comparison: { op: 'eq', value: 'pro' } },
      { path: ['count'], comparison: { op: 'eq', value: 3 } },
      { path: ['paid'], comparison: { op: 'eq', value: true } },
    ]);
  });

  it('reads every operator', () => {
    const filters = where(
      '{ a: { ne: x }, b: { gt: 1 }, c: { gte: 2 }, d: { lt: 3 }, e: { lte: 4 }, f: { in: [x, 1] }, ' +
        'g: { not_in: [y] }, h: { contains: z }, i: { starts_with: /p }, j: { exists: false }, k: { eq: 0 } }',
    );
    expect(filters.map((f) => f.comparison)).toEqual([
      { op: 'ne', value: 'x' },
      { op: 'gt', value: 1 },
      { op: 'gte', value: 2 },
      { op: 'lt', value: 3 },
      { op: 'lte', value: 4 },
      { op: 'in', values: ['x', 1] },
      { op: 'not_in', values: ['y'] },
      { op: 'contains', value: 'z' },
      { op: 'starts_with', value: '/p' },
      { op: 'exists', value: false },
      { op: 'eq', value: 0 },
    ]);
  });

  it('suggests the operator closest to an unknown one', () => {
    const problem = only(
      load('signals:\n  s:\n    event: E\n    where: { rows: { gtee: 5 } }\n'),
      'unknown-key',
    );
    expect(problem).toMatchObject({ line: 7, col: 22, hint: 'Did you mean `gte`?' });
  });

  it('takes one operator per property', () => {
    const result = load('signals:\n  s:\n    event: E\n    where: { rows: { gte: 1, lte: 5 } }\n');
    expect(places(result)).toEqual(['comparison-mismatch@7:30']);
  });

  it('explains what to write for a list or an empty value', () => {
    const list = only(
      load('signals:\n  s:\n    event: E\n    where: { plan: [a, b] }\n'),
      'comparison-mismatch',
    );
    expect(list.hint).toContain('{ in: [a, b] }');
    const empty = only(
      load('signals:\n  s:\n    event: E\n    where:\n      plan:\n'),
      'comparison-mismatch',
    );
    expect(empty.hint).toContain('exists: false');
    expect(empty).toMatchObject({ line: 8, col: 7 });
    expect(places(load('signals:\n  s:\n    event: E\n    where: { plan: {} }\n'))).toEqual([
      'missing-key@7:14',
    ]);
  });

  it('rejects property paths with empty segments', () => {
    expect(places(load('signals:\n  s:\n    event: E\n    where: { plan..tier: x }\n'))).toEqual([
      'bad-property-path@7:14',
    ]);
  });

  it('rejects a where that is not a map', () => {
    expect(places(load('signals:\n  s:\n    event: E\n    where: path\n'))).toEqual(['bad-value-type@7:12']);
  });
});
