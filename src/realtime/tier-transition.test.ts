import { describe, expect, it } from 'vitest';
import { tierRank, tierTransition } from './tier-transition.ts';

const withFloor = {
  tiers: [
    { name: 'cold', min: 0 },
    { name: 'warm', min: 30 },
    { name: 'hot', min: 60 },
  ],
};
const noFloor = {
  tiers: [
    { name: 'warm', min: 30 },
    { name: 'hot', min: 60 },
  ],
};
const s = (tier: string | null, handRaiser = false) => ({ tier, handRaiser });

describe('tierRank', () => {
  it('ranks a floor tier with no tier, and higher tiers above it', () => {
    expect(tierRank(withFloor, null)).toBe(0);
    expect(tierRank(withFloor, 'cold')).toBe(0);
    expect(tierRank(withFloor, 'warm')).toBe(1);
    expect(tierRank(withFloor, 'hot')).toBe(2);
    expect(tierRank(noFloor, 'warm')).toBe(1);
  });
});

describe('tierTransition', () => {
  it('qualifies a rise, including a first appearance above the floor', () => {
    expect(tierTransition(withFloor, s('warm'), s('hot'))).toBe('qualified');
    expect(tierTransition(withFloor, null, s('warm'))).toBe('qualified');
    expect(tierTransition(noFloor, s(null), s('warm'))).toBe('qualified');
  });

  it('does not qualify entering the floor tier', () => {
    expect(tierTransition(withFloor, null, s('cold'))).toBeNull();
  });

  it('records a fall as a downgrade', () => {
    expect(tierTransition(withFloor, s('hot'), s('warm'))).toBe('downgraded');
    expect(tierTransition(noFloor, s('warm'), s(null))).toBe('downgraded');
  });

  it('qualifies a hand-raiser that fires, even without a tier change, but not one that keeps holding', () => {
    expect(tierTransition(withFloor, s('warm'), s('warm', true))).toBe('qualified');
    expect(tierTransition(withFloor, s('warm', true), s('warm', true))).toBeNull();
    expect(tierTransition(withFloor, s('hot', true), s('warm', true))).toBe('downgraded');
  });

  it('is silent when nothing ranks differently', () => {
    expect(tierTransition(withFloor, s('hot'), s('hot'))).toBeNull();
  });
});
