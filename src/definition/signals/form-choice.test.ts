import { describe, expect, it } from 'vitest';
import { load, only, places } from '../testing.ts';

describe('choosing a signal form', () => {
  it('rejects distinct and sum in one signal, at the second aggregation', () => {
    const result = load('signals:\n  s:\n    event: E\n    distinct: user\n    sum: properties.rows\n');
    expect(places(result)).toEqual(['multiple-aggregations@8:5']);
    expect(result.ir).toBeNull();
  });

  it('rejects keys of two forms in one signal', () => {
    const problem = only(
      load('signals:\n  s:\n    event: E\n    trait: plan\n    eq: pro\n'),
      'conflicting-forms',
    );
    expect(problem).toMatchObject({ line: 7, col: 5 });
    expect(problem.message).toContain('mixes `event` (an event signal) with `trait` (a trait signal)');
  });

  it('asks for a form key when there is none, suggesting `of` when at_least is there', () => {
    const none = only(load('signals:\n  s: { label: Nothing }\n'), 'missing-key');
    expect(none).toMatchObject({ line: 5, col: 3 });
    expect(none.message).toContain('expected one of: event, distinct, sum, trait');
    expect(only(load('signals:\n  s: { at_least: 3 }\n'), 'missing-key').hint).toContain('of: [signal');
  });

  it('rejects a signal that is not a map', () => {
    expect(places(load('signals:\n  s: Signed Up\n'))).toEqual(['bad-value-type@5:6']);
  });

  it('reports comparisons on an event signal and bounds on a trait as mismatches, once each', () => {
    expect(places(load('signals:\n  s:\n    event: E\n    gte: 3\n'))).toEqual(['comparison-mismatch@7:5']);
    expect(places(load('signals:\n  s:\n    trait: size\n    gte: 3\n    at_least: 1\n'))).toEqual([
      'comparison-mismatch@8:5',
    ]);
    expect(places(load('signals:\n  a: { event: A }\n  s:\n    all: [a]\n    eq: 1\n'))).toEqual([
      'comparison-mismatch@8:5',
    ]);
  });

  it('suggests the intended key for a misspelt one, listing what the form accepts', () => {
    const problem = only(load('signals:\n  s:\n    event: E\n    at_lesat: 2\n'), 'unknown-key');
    expect(problem).toMatchObject({ line: 7, col: 5, hint: 'Did you mean `at_least`?' });
    expect(problem.message).toBe(
      'unknown key `at_lesat` in signal `s`; expected one of: label, event, distinct, sum, where, within, at_least, at_most',
    );
  });
});
