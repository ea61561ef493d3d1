import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { seededRandom, syntheticMatrix } from './testing.ts';
import { MIN_TUNED_AUC, TUNING_GRID } from './tune-model.ts';

describe('tuning the penalty and the significance bar on the training rows', () => {
  it('keeps many weak real signals when rows are few, and ranks the later holdout better for it', () => {
    for (const seed of [2, 4]) {
      // Twenty signals each worth +0.35 log-odds, 800 rows: each one alone is hard to tell from zero.
      const matrix = syntheticMatrix({
        rows: 800,
        coefficients: Array.from({ length: 20 }, () => 0.35),
        intercept: -2.5,
        seed,
      });
      // Twenty real signals: the readable cap of 12 (whose cost the report shows) would hide what tuning does.
      const tuned = calibrate(matrix, { target: { targetRate: 10 }, maxSignals: 30 });
      const fixed = calibrate(matrix, { target: { targetRate: 10 }, tune: false, maxSignals: 30 });
      if (!tuned.ok || !fixed.ok) throw new Error('calibration failed');
      const { model } = tuned.value;
      expect(model.tuning?.length).toBe(TUNING_GRID.length);
      expect([model.l2, model.minZ]).not.toEqual([1, 1.96]);
      expect(tuned.value.points.length).toBeGreaterThan(fixed.value.points.length);
      expect(tuned.value.validation.proposed.auc ?? 0).toBeGreaterThan(
        fixed.value.validation.proposed.auc ?? 1,
      );
      expect(fixed.value.model.tuning).toBeNull();
    }
  });

  it('keeps the defaults when no setting ranks better than chance, so noise gets no points', () => {
    const noise = syntheticMatrix({ rows: 3000, coefficients: [0, 0, 0], intercept: -1, seed: 8 });
    const result = calibrate(noise, { target: { targetRate: 10 } });
    expect(!result.ok && result.error.code).toBe('no-usable-signals');
  });

  it('is not asked when the caller fixes the penalty or the bar', () => {
    const matrix = syntheticMatrix({ rows: 2000, coefficients: [1, 0.5], intercept: -2, seed: 3 });
    const given = calibrate(matrix, { target: { targetRate: 10 }, l2: 5 });
    if (!given.ok) throw new Error(given.error.message);
    expect(given.value.model).toMatchObject({ l2: 5, minZ: 1.96, tuning: null });
    const tuned = calibrate(matrix, { target: { targetRate: 10 } });
    if (!tuned.ok) throw new Error(tuned.error.message);
    for (const trial of tuned.value.model.tuning ?? []) {
      if (trial.auc !== null && trial.auc >= MIN_TUNED_AUC)
        expect(trial.auc).toBeLessThanOrEqual(
          tuned.value.model.tuning?.find(
            (t) => t.l2 === tuned.value.model.l2 && t.minZ === tuned.value.model.minZ,
          )?.auc ?? 0,
        );
    }
  });

  describe('against the current definition', () => {
    // The outcome hangs on a hidden signal (+2.5 log-odds) and two weak visible ones.
    const base = syntheticMatrix({ rows: 600, coefficients: [2.5, 0.3, 0.3], intercept: -1, seed: 11 });
    const [hidden, ...visible] = base.features;
    if (hidden === undefined) throw new Error('no feature');
    const withCurrent = (scores: Float64Array): FeatureMatrix => ({
      ...base,
      features: visible,
      current: { scores, qualified: Uint8Array.from(scores, (s) => (s >= 50 ? 1 : 0)) },
    });

    it('keeps its points when no fitted setting ranks the later training rows better', () => {
      // A person who knows the hidden signal: the fit, which cannot see it, does not beat them.
      const report = calibrate(withCurrent(hidden.values.map((v) => 60 * v)), { target: { targetRate: 30 } });
      if (!report.ok) throw new Error(report.error.message);
      const { proposal, points, model, validation, warnings } = report.value;
      expect(proposal.source).toBe('current');
      expect(points).toEqual([]);
      for (const trial of model.tuning ?? [])
        expect(trial.auc ?? 0).toBeLessThanOrEqual(model.currentAuc ?? 0);
      expect(validation.proposed.auc).toBe(validation.current?.auc);
      expect(warnings[0]?.code).toBe('current-points-kept');
    });

    it('is replaced by the fitted points when they rank better', () => {
      const random = seededRandom(3);
      const report = calibrate(
        withCurrent(Float64Array.from(base.labels, () => Math.round(100 * random()))),
        {
          target: { targetRate: 30 },
        },
      );
      if (!report.ok) throw new Error(report.error.message);
      expect(report.value.proposal).toEqual({ source: 'fitted', reason: null });
      expect(report.value.points.length).toBeGreaterThan(0);
      expect(report.value.model.currentAuc).not.toBeNull();
    });
  });
});
