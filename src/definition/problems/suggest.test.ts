import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggest.ts';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('within', 'withn')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('at_lesat', 'at_least')).toBe(1);
  });
});

describe('closest', () => {
  it('finds the nearest plausible candidate', () => {
    expect(closest('withn', ['label', 'event', 'within'])).toBe('within');
    expect(closest('Demo requested', ['Demo Requested', 'Signed Up'])).toBe('Demo Requested');
  });

  it('returns null when nothing is within a third of the word', () => {
    expect(closest('colour', ['kindling', 'name', 'entity'])).toBeNull();
    expect(closest('ab', ['xy'])).toBeNull();
  });

  it('never suggests the word itself', () => {
    expect(closest('event', ['event'])).toBeNull();
  });
});

describe('didYouMean', () => {
  it('phrases the suggestion or falls back', () => {
    expect(didYouMean('evnt', ['event'], 'fallback')).toBe('Did you mean `event`?');
    expect(didYouMean('zzz', ['event'], 'fallback')).toBe('fallback');
  });
});
