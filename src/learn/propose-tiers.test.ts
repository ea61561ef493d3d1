import { describe, expect, it } from 'vitest';
import { proposeTiers } from './propose-tiers.ts';

describe('proposeTiers', () => {
  it('puts hot at the threshold, warm and burning on observed scores around it', () => {
    // 100 entities: 40 at 0, 30 at 10, 15 at 20, 10 at 30, 5 at 40; threshold 30 → 15 PQLs
    const scores = Float64Array.from([
      ...Array(40).fill(0),
      ...Array(30).fill(10),
      ...Array(15).fill(20),
      ...Array(10).fill(30),
      ...Array(5).fill(40),
    ]);
    const tiers = proposeTiers(30, scores);
    // warm wants ≈ 30 at or above: ≥ 20 has 30 → 20. burning wants ≈ 5: ≥ 40 has 5 → 40.
    expect(tiers).toEqual([
      { name: 'cold', min: 0, share: 70 },
      { name: 'warm', min: 20, share: 15 },
      { name: 'hot', min: 30, share: 10 },
      { name: 'burning', min: 40, share: 5 },
    ]);
  });

  it('leaves out tiers with no observed score to sit on, and stays ascending', () => {
    const scores = Float64Array.from([0, 0, 0, 25, 25]);
    const tiers = proposeTiers(25, scores);
    expect(tiers.map((t) => t.name)).toEqual(['cold', 'hot']);
    expect(tiers.reduce((sum, t) => sum + t.share, 0)).toBeCloseTo(100, 12);
  });

  it("keeps every one of the current definition's tier names, even without observed scores to sit on", () => {
    const scores = Float64Array.from([0, 0, 0, 25, 25]);
    const current = {
      tiers: [
        { name: 'none', min: 0 },
        { name: 'low', min: 10 },
        { name: 'mid', min: 30 },
        { name: 'pql', min: 60 },
        { name: 'top', min: 80 },
        { name: 'max', min: 90 },
      ],
      pqlTier: 'pql',
    };
    const tiers = proposeTiers(25, scores, { current });
    expect(tiers.map((t) => t.name)).toEqual(['none', 'low', 'mid', 'pql', 'top', 'max']);
    const mins = tiers.map((t) => t.min);
    expect(mins[0]).toBe(0);
    expect(mins[3]).toBe(25);
    for (let i = 1; i < mins.length; i++) expect(mins[i] ?? 0).toBeGreaterThan(mins[i - 1] ?? 0);
    expect(tiers.reduce((sum, t) => sum + t.share, 0)).toBeCloseTo(100, 12);
  });

  it('places several tiers above the PQL line at a third, then a ninth, of the PQLs', () => {
    const scores = Float64Array.from({ length: 90 }, (_, i) => i);
    const current = {
      tiers: [
        { name: 'cold', min: 0 },
        { name: 'hot', min: 50 },
        { name: 'burning', min: 70 },
        { name: 'blazing', min: 90 },
      ],
      pqlTier: 'hot',
    };
    // threshold 63 → 27 PQLs; ≈ 9 at or above 81, ≈ 3 at or above 87.
    expect(proposeTiers(63, scores, { current }).map((t) => t.min)).toEqual([0, 63, 81, 87]);
  });

  describe('kept tiers above the PQL line and the cap', () => {
    const current = {
      tiers: [
        { name: 'cold', min: 0 },
        { name: 'hot', min: 50 },
        { name: 'burning', min: 70 },
        { name: 'blazing', min: 90 },
      ],
      pqlTier: 'hot',
    };

    it('leave room below the cap for the tiers above them', () => {
      // Above the line at 98 only 100 is observed: burning must not take it, or blazing lands at 101.
      const scores = Float64Array.from([0, 10, 20, 98, 98, 98, 100]);
      const cap = 100;
      const mins = proposeTiers(98, scores, { current, cap }).map((t) => t.min);
      expect(mins).toEqual([0, 98, 99, 100]);
      // Every tier is reachable: no minimum lies above the cap.
      expect(Math.max(...mins)).toBeLessThanOrEqual(cap);
    });

    it('the exception: a PQL line at the cap leaves no whole score, so they start above it', () => {
      const scores = Float64Array.from([0, 10, 20, 100, 100]);
      const tiers = proposeTiers(100, scores, { current, cap: 100 });
      expect(tiers.map((t) => t.name)).toEqual(['cold', 'hot', 'burning', 'blazing']);
      expect(tiers.map((t) => t.min)).toEqual([0, 100, 101, 102]);
      expect(tiers.slice(2).map((t) => t.share)).toEqual([0, 0]);
    });
  });
});
