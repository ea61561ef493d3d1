import { describe, expect, it } from 'vitest';
import { backtestMetrics, compareBacktests } from './backtest-metrics.ts';

const tierOrder = ['cold', 'warm', 'hot'];
// 10 entities, 4 won: hot 2 (both won), warm 3 (1 won), cold 4 (1 won), no tier 1 (won)
const tiers = ['hot', 'hot', 'warm', 'warm', 'warm', 'cold', 'cold', 'cold', 'cold', null];
const won = Uint8Array.from([1, 1, 1, 0, 0, 1, 0, 0, 0, 1]);

describe('backtestMetrics', () => {
  const result = backtestMetrics({ tiers, won, tierOrder });
  if (!result.ok) throw new Error(result.error.message);
  const table = result.value;

  it('gives count, share, precision, recall and lift per tier, highest first', () => {
    expect(table.baseRate).toBe(50);
    expect(table.rows.map((row) => row.tier)).toEqual(['hot', 'warm', 'cold', null]);
    expect(table.rows[0]?.inTier).toEqual({
      count: 2,
      won: 2,
      shareOfSignups: 20,
      precision: 100,
      recall: 40,
      lift: 2,
    });
    expect(table.rows[1]?.inTier.precision).toBeCloseTo(100 / 3, 12);
  });

  it('accumulates "this tier or higher"', () => {
    expect(table.rows[1]?.atOrAbove).toEqual({
      count: 5,
      won: 3,
      shareOfSignups: 50,
      precision: 60,
      recall: 60,
      lift: 1.2,
    });
    expect(table.rows[3]?.atOrAbove.count).toBe(10);
  });

  it('counts wins outside the horizon in the base rate and recall, and shares among signups only', () => {
    // hot 2 (1 credited win, 1 won too late), cold 2 (no win), no tier 2 (1 won); signups: e0, e2, e4, e5
    const figures = backtestMetrics({
      tiers: ['hot', 'hot', 'cold', 'cold', null, null],
      won: Uint8Array.from([1, 0, 0, 0, 1, 0]),
      wonInPeriod: Uint8Array.from([1, 1, 0, 0, 1, 0]),
      signup: Uint8Array.from([1, 0, 1, 0, 1, 1]),
      tierOrder,
    });
    if (!figures.ok) throw new Error(figures.error.message);
    expect(figures.value.won).toBe(3);
    expect(figures.value.signups).toBe(4);
    expect(figures.value.baseRate).toBe(50);
    const hot = figures.value.rows[0]?.inTier;
    expect(hot).toEqual({ count: 2, won: 1, shareOfSignups: 25, precision: 50, recall: 100 / 3, lift: 1 });
    expect(figures.value.rows[2]?.atOrAbove.shareOfSignups).toBe(50); // cold or higher: e0, e2
  });

  it('rejects an unknown tier and mismatched lengths', () => {
    const unknown = backtestMetrics({ tiers: ['lukewarm'], won: Uint8Array.from([0]), tierOrder });
    expect(!unknown.ok && unknown.error.code).toBe('invalid-option');
    const mismatch = backtestMetrics({ tiers, won: Uint8Array.from([1]), tierOrder });
    expect(!mismatch.ok && mismatch.error.code).toBe('length-mismatch');
  });

  it('puts two versions side by side by tier name', () => {
    const proposed = backtestMetrics({
      tiers: ['burning', 'hot', 'cold', 'cold', 'cold', 'cold', 'cold', 'cold', 'cold', 'cold'],
      won,
      tierOrder: ['cold', 'hot', 'burning'],
    });
    if (!proposed.ok) throw new Error(proposed.error.message);
    const rows = compareBacktests(table, proposed.value);
    expect(rows.map((row) => [row.tier, row.current !== null, row.proposed !== null])).toEqual([
      ['burning', false, true],
      ['hot', true, true],
      ['cold', true, true],
      ['warm', true, false],
      [null, true, false],
    ]);
  });
});
