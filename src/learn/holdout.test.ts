import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.ts';
import { holdoutSplit, timeHoldoutSplit } from './holdout.ts';
import { syntheticMatrix } from './testing.ts';

describe('timeHoldoutSplit', () => {
  it('keeps the latest share of decision times as the holdout', () => {
    const times = Float64Array.from([50, 10, 40, 20, 30, 60, 70, 80, 90, 100]);
    const split = timeHoldoutSplit(times, 0.3);
    if (!split.ok) throw new Error(split.error.message);
    expect(split.value.cutoff).toBe(80);
    expect(Array.from(split.value.holdout).map((i) => times[i])).toEqual([80, 90, 100]);
    expect(split.value.training.length).toBe(7);
  });

  it('puts every row tied at the cut-off in the holdout, so it is strictly later than training', () => {
    const times = Float64Array.from([1, 2, 3, 3, 3, 3]);
    const split = timeHoldoutSplit(times, 0.2);
    if (!split.ok) throw new Error(split.error.message);
    expect(Array.from(split.value.holdout)).toEqual([2, 3, 4, 5]);
    expect(Array.from(split.value.training)).toEqual([0, 1]);
  });

  it('always separates training from holdout in time (property)', () => {
    const times = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 100 });
    fc.assert(
      fc.property(times, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (values, share) => {
        const decisionTimes = Float64Array.from(values);
        const split = timeHoldoutSplit(decisionTimes, share);
        if (!split.ok) {
          expect(split.error.code).toBe('empty-split');
          return;
        }
        const latestTraining = Math.max(...Array.from(split.value.training, (i) => decisionTimes[i] ?? 0));
        const earliestHoldout = Math.min(...Array.from(split.value.holdout, (i) => decisionTimes[i] ?? 0));
        expect(latestTraining).toBeLessThan(earliestHoldout);
        expect(split.value.training.length + split.value.holdout.length).toBe(values.length);
      }),
    );
  });

  it('splits a cohort decided at one instant by first-seen time: the latest sign-ups are held out', () => {
    const times = Float64Array.from([9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);
    const firstSeen = Float64Array.from([5, 1, 7, 3, 9, 2, 8, 4, 6, 8]);
    const split = timeHoldoutSplit(times, 0.2, firstSeen);
    if (!split.ok) throw new Error(split.error.message);
    // 8 and 8 tie at the cut-off: both go to the holdout, with 9.
    expect(Array.from(split.value.holdout)).toEqual([4, 6, 9]);
    expect(split.value).toMatchObject({ cutoff: 9, cutoffFirstSeen: 8 });
    const decisionsAlone = timeHoldoutSplit(Float64Array.from([1, 2, 3, 4, 5]), 0.2, firstSeen.slice(0, 5));
    expect(decisionsAlone.ok && decisionsAlone.value.cutoffFirstSeen).toBeNull();
    expect(!timeHoldoutSplit(times, 0.2).ok).toBe(true);
  });

  it('rejects a share outside (0, 1) and a single instant', () => {
    for (const share of [0, 1, -0.1, Number.NaN]) {
      const result = timeHoldoutSplit(Float64Array.from([1, 2]), share);
      expect(!result.ok && result.error.code).toBe('invalid-holdout-share');
    }
    const same = timeHoldoutSplit(Float64Array.from([5, 5, 5]), 0.3);
    expect(!same.ok && same.error.code).toBe('empty-split');
  });
});

describe('holdout rules', () => {
  const n = 1000;
  const decisionTimes = Float64Array.from({ length: n }, (_, i) => 1_000 * i);

  it('a random holdout is the share asked, reproducible with its seed, and differs by seed', () => {
    const a = holdoutSplit({ by: 'random', seed: 7 }, decisionTimes, 0.2);
    const b = holdoutSplit({ by: 'random', seed: 7 }, decisionTimes, 0.2);
    const c = holdoutSplit({ by: 'random', seed: 8 }, decisionTimes, 0.2);
    if (!a.ok || !b.ok || !c.ok) throw new Error('split failed');
    expect(a.value.holdout.length).toBe(200);
    expect(a.value.training.length).toBe(800);
    expect([...a.value.holdout]).toEqual([...b.value.holdout]);
    expect([...a.value.holdout]).not.toEqual([...c.value.holdout]);
    // Spread over the whole period, not the latest rows.
    expect(Math.min(...a.value.holdout)).toBeLessThan(200);
    expect(a.value.cutoff).toBe(1_000 * Math.min(...a.value.holdout));
  });

  it('an order holdout is the latest by that column, rows without a value in training', () => {
    // Contact dates run backwards against decision times; ten rows have none.
    const values = Float64Array.from({ length: n }, (_, i) => (i < 10 ? Number.NaN : n - i));
    const split = holdoutSplit({ by: 'order', name: 'contact_date', values }, decisionTimes, 0.2);
    if (!split.ok) throw new Error(split.error.message);
    expect(split.value.holdout.length).toBe(200);
    for (const row of split.value.holdout) expect(row).toBeGreaterThanOrEqual(10);
    for (const row of split.value.holdout) expect(row).toBeLessThan(210);
    expect(split.value.cutoff).toBe(10_000);
  });

  it('calibration reports the rule it used', () => {
    const matrix = syntheticMatrix({ rows: 3000, coefficients: [1.5, 0.8], intercept: -2, seed: 4 });
    const report = calibrate(matrix, { target: { targetRate: 10 }, holdout: { by: 'random', seed: 3 } });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.rows.holdoutRule).toBe('a random 20 % (seed 3)');
    expect(report.value.rows.holdout).toBe(600);
    const byTime = calibrate(matrix, { target: { targetRate: 10 } });
    expect(byTime.ok && byTime.value.rows.holdoutRule).toBe('the latest 20 % by decision time');
  });
});
