import { describe, expect, it } from 'vitest';
import { load, only, places } from '../testing.ts';

describe('$list references', () => {
  it('are resolved into the values, in traits and in where filters', () => {
    const result = load(`
      lists:
        free: [gmail.com, yahoo.com]
      signals:
        personal: { trait: email_domain, in: $free }
        from_free: { event: E, where: { domain: { not_in: $free } } }
    `);
    expect(result.problems).toEqual([]);
    const [fromFree, personal] = result.ir?.signals ?? [];
    expect(personal).toMatchObject({ comparison: { op: 'in', values: ['gmail.com', 'yahoo.com'] } });
    expect(fromFree).toMatchObject({
      where: [{ comparison: { op: 'not_in', values: ['gmail.com', 'yahoo.com'] } }],
    });
  });

  it('report an undefined list at the reference, with the closest defined one', () => {
    const result = load(`
      lists:
        free_domains: [gmail.com]
      signals:
        personal: { trait: email_domain, in: $free_domain }
    `);
    const problem = only(result, 'undefined-list');
    expect(problem).toMatchObject({ line: 7, col: 40, hint: 'Did you mean `$free_domains`?' });
    expect(problem.message).toContain('defined lists: free_domains');
  });

  it('do not cascade when the list itself is broken', () => {
    const result = load(`
      lists:
        free: [gmail.com, { a: 1 }]
      signals:
        personal: { trait: email_domain, in: $free }
    `);
    expect(places(result)).toEqual(['bad-value-type@5:21']);
    expect(result.problems[0]?.message).toContain('found a map at item 2');
  });

  it('require list names to be lowercase words', () => {
    expect(places(load('lists:\n  Free: [a]\n'))).toEqual(['bad-name@5:3']);
  });
});
