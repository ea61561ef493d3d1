import { describe, expect, it } from 'vitest';
import { type CalibrateOptions, calibrate } from './calibrate.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { pointScores } from './point-score.ts';
import { seededRandom, syntheticMatrix } from './testing.ts';

const options: CalibrateOptions = { target: { targetRate: 10 } };
// Strong, medium, negative, and two useless signals.
const base = syntheticMatrix({ rows: 8000, coefficients: [2, 1, -1, 0, 0], intercept: -3, seed: 11 });

function codeOf(matrix: FeatureMatrix, overrides: Partial<CalibrateOptions> = {}): string {
  const result = calibrate(matrix, { ...options, ...overrides });
  return result.ok ? 'ok' : result.error.code;
}

describe('calibrate', () => {
  const result = calibrate(base, options);
  if (!result.ok) throw new Error(result.error.message);
  const report = result.value;

  it('keeps the informative signals with points in proportion and drops the useless ones', () => {
    const points = Object.fromEntries(report.points.map((p) => [p.signal, p.points]));
    expect(points.signal_0).toBe(20);
    expect(points.signal_1).toBeGreaterThanOrEqual(8);
    expect(points.signal_1).toBeLessThanOrEqual(12);
    expect(points.signal_2).toBeLessThanOrEqual(-8);
    expect(points.signal_2).toBeGreaterThanOrEqual(-12);
    expect(report.dropped.map((d) => d.signal).sort()).toEqual(['signal_3', 'signal_4']);
  });

  it('chooses the threshold for the target rate on training rows and validates on the later holdout', () => {
    expect(Math.abs(report.threshold.pqlRate - 10)).toBeLessThan(5);
    expect(report.rows.training + report.rows.holdout).toBe(8000);
    expect(report.rows.holdout).toBeGreaterThanOrEqual(1600);
    expect(report.validation.proposed.auc).toBeGreaterThan(0.7);
    expect(report.validation.bestSingle?.signal).toBe('signal_0');
    expect(report.validation.current).toBeNull();
    expect(report.tiers.find((t) => t.name === 'hot')?.min).toBe(report.threshold.threshold);
  });

  it('judges the proposal against the current definition when its scores are given', () => {
    const random = seededRandom(2);
    const noise = Float64Array.from({ length: 8000 }, () => Math.floor(random() * 100));
    const current = { scores: noise, qualified: Uint8Array.from(noise, (s) => (s >= 90 ? 1 : 0)) };
    const compared = calibrate({ ...base, current }, options);
    if (!compared.ok) throw new Error(compared.error.message);
    const { current: metrics, proposed } = compared.value.validation;
    expect(metrics?.auc).toBeGreaterThan(0.4);
    expect(metrics?.auc).toBeLessThan(0.6);
    expect(proposed.auc).toBeGreaterThan(metrics?.auc ?? 1);
    expect(compared.value.warnings.map((w) => w.code)).not.toContain('worse-than-current');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(calibrate(base, options))).toBe(JSON.stringify(result));
  });

  it('excludes a leaking feature and warns, or refuses it on request', () => {
    const leak = {
      name: 'paid_plan',
      label: null,
      kind: 'boolean' as const,
      values: Float64Array.from(base.labels),
    };
    const leaking = { ...base, features: [...base.features, leak] };
    const excluded = calibrate(leaking, options);
    if (!excluded.ok) throw new Error(excluded.error.message);
    expect(excluded.value.points.map((p) => p.signal)).not.toContain('paid_plan');
    expect(excluded.value.dropped).toContainEqual({
      signal: 'paid_plan',
      reason: 'leakage',
      coefficient: null,
    });
    expect(excluded.value.warnings.map((w) => w.code)).toContain('leakage-excluded');
    expect(codeOf(leaking, { onLeakage: 'refuse' })).toBe('leaking-feature');
  });

  it('keeps at most maxSignals signals, dropping the least significant beyond them', () => {
    const capped = calibrate(base, { ...options, maxSignals: 2 });
    if (!capped.ok) throw new Error(capped.error.message);
    const kept = capped.value.points.map((p) => p.signal);
    expect(kept).toHaveLength(2);
    expect(kept).toContain('signal_0');
    const beyond = capped.value.dropped.filter((d) => d.reason === 'beyond-max-signals');
    expect(beyond).toHaveLength(1);
    expect(['signal_1', 'signal_2']).toContain(beyond[0]?.signal);
    expect(codeOf(base, { maxSignals: 0 })).toBe('invalid-option');
  });

  it('cuts count features and scores with the cut', () => {
    const random = seededRandom(5);
    const invites = Float64Array.from(
      base.labels,
      (label) => Math.floor(random() * 3) + (label === 1 && random() < 0.6 ? 3 : 0),
    );
    const matrix = {
      ...base,
      features: [...base.features, { name: 'invites', label: null, kind: 'count' as const, values: invites }],
    };
    const withCount = calibrate(matrix, options);
    if (!withCount.ok) throw new Error(withCount.error.message);
    const entry = withCount.value.points.find((p) => p.signal === 'invites');
    expect(entry?.cut).toBe(3);
    expect(Array.from(pointScores(matrix, withCount.value.points, 100)).some((s) => s > 0)).toBe(true);
  });

  it('returns a coded error for each kind of bad input', () => {
    const n = base.labels.length;
    expect(codeOf({ ...base, labels: new Uint8Array(n) })).toBe('no-positives');
    expect(codeOf({ ...base, labels: new Uint8Array(n).fill(1) })).toBe('no-negatives');
    expect(codeOf(base, { minRows: 10_000 })).toBe('too-few-rows');
    expect(codeOf(base, { target: { targetRate: 0 } })).toBe('target-rate-out-of-range');
    expect(codeOf(base, { target: { targetRate: 100 } })).toBe('target-rate-out-of-range');
    expect(codeOf(base, { target: { targetPrecision: 101 } })).toBe('target-precision-out-of-range');
    expect(codeOf(base, { target: { targetPrecision: 99.9 } })).toBe('precision-unreachable');
    expect(codeOf(base, { holdoutShare: 1.5 })).toBe('invalid-holdout-share');
    expect(codeOf(base, { scale: 0 })).toBe('invalid-option');
    expect(codeOf({ ...base, decisionTimes: new Float64Array(n) })).toBe('empty-split');

    // Converters only in the first 70 % of time: the holdout has none.
    const early = Uint8Array.from(base.labels, (label, i) => (i < n * 0.7 ? label : 0));
    expect(codeOf({ ...base, labels: early })).toBe('holdout-no-positives');
    const late = Uint8Array.from(base.labels, (label, i) => (i >= n * 0.8 ? label : 0));
    expect(codeOf({ ...base, labels: late })).toBe('training-no-positives');
    const allLate = Uint8Array.from(base.labels, (label, i) => (i >= n * 0.8 ? 1 : label));
    expect(codeOf({ ...base, labels: allLate })).toBe('holdout-no-negatives');
    const allEarly = Uint8Array.from(base.labels, (label, i) => (i < n * 0.8 ? 1 : label));
    expect(codeOf({ ...base, labels: allEarly })).toBe('training-no-negatives');

    const useless = syntheticMatrix({ rows: 3000, coefficients: [0, 0], intercept: -1, seed: 8 });
    expect(codeOf(useless)).toBe('no-usable-signals');
    expect(codeOf({ ...base, features: [] })).toBe('no-features');
  });
});
