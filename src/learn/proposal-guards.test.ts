import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.ts';
import type { FeatureColumn, FeatureMatrix } from './feature-matrix.ts';
import type { ModelMetrics } from './model-metrics.ts';
import { aucStandardError, clearlyAboveChance, refuseProposal } from './proposal-guards.ts';
import { DAY_MS, START_MS, seededRandom } from './testing.ts';

const metrics = (auc: number, pqlRate: number, qualified: number): ModelMetrics => ({
  auc,
  qualified,
  pqlRate,
  precision: 20,
  recall: 60,
  liftAtThreshold: 2,
  topDecileLift: 2,
  gain: [],
});
const threshold = (qualified: number, rows: number) => ({
  threshold: 40,
  qualified,
  truePositives: 1,
  pqlRate: (100 * qualified) / rows,
  precision: 20,
  recall: 60,
});
const sound = {
  training: { auc: 0.75, positives: 100, negatives: 900 },
  holdout: { ...metrics(0.72, 10, 25), positives: 25, negatives: 225 },
  threshold: threshold(100, 1000),
  trainingRows: 1000,
  bestSingle: { ...metrics(0.65, 30, 75), signal: 'pricing' },
};

describe('guards that refuse a proposal', () => {
  it('passes a sound proposal and names each kind of nonsense with what to try', () => {
    expect(refuseProposal(sound)).toBeNull();
    const code = (input: Partial<typeof sound>) => refuseProposal({ ...sound, ...input })?.code;
    expect(code({ threshold: threshold(1000, 1000) })).toBe('qualifies-everyone');
    expect(code({ holdout: { ...sound.holdout, pqlRate: 100, qualified: 250 } })).toBe('qualifies-everyone');
    expect(code({ threshold: threshold(0, 1000) })).toBe('qualifies-no-one');
    expect(code({ training: { ...sound.training, auc: 0.53 } })).toBe('training-auc-at-chance');
    expect(code({ holdout: { ...sound.holdout, auc: 0.499 } })).toBe('holdout-auc-at-chance');
    // 0.6 on 5 converters is within chance; on 200 it is not.
    expect(code({ holdout: { ...sound.holdout, auc: 0.6, positives: 5 } })).toBe('holdout-auc-at-chance');
    expect(code({ holdout: { ...sound.holdout, auc: 0.6, positives: 200 } })).toBe('worse-than-best-single');
    const refusal = refuseProposal({ ...sound, threshold: threshold(1000, 1000) });
    expect(refusal?.message).toContain('100.0 % of the training rows');
    expect(refusal?.hint).toContain('--target-rate');
  });

  it("computes Hanley and McNeil's standard error", () => {
    // Their table: AUC 0.8 with 50 and 50 cases has SE ≈ 0.044.
    expect(aucStandardError(0.8, 50, 50)).toBeCloseTo(0.0442, 3);
    expect(clearlyAboveChance(0.8, 50, 50)).toBe(true);
    expect(clearlyAboveChance(0.56, 20, 20)).toBe(false);
    expect(clearlyAboveChance(null, 20, 20)).toBe(false);
  });
});

/** A random matrix: noise, or a few real effects among noise, with rare and common signals. */
function randomMatrix(seed: number, rows: number, features: number, effect: number): FeatureMatrix {
  const random = seededRandom(seed);
  const columns: FeatureColumn[] = Array.from({ length: features }, (_, j) => ({
    name: `s${j}`,
    label: null,
    kind: j % 3 === 2 ? 'count' : 'boolean',
    values: new Float64Array(rows),
  }));
  const prevalence = columns.map(() => 0.02 + random() * 0.6);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let eta = -1.8;
    columns.forEach((column, j) => {
      const holds = random() < (prevalence[j] ?? 0.3);
      column.values[i] = column.kind === 'count' ? (holds ? 1 + Math.floor(random() * 6) : 0) : holds ? 1 : 0;
      if (holds && j < 2) eta += effect * (j === 0 ? 1 : -0.6);
    });
    labels[i] = random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return {
    entityIds: Array.from({ length: rows }, (_, i) => `e${i}`),
    decisionTimes: Float64Array.from(
      { length: rows },
      (_, i) => START_MS + Math.floor((i / rows) * 60) * DAY_MS,
    ),
    features: columns,
    labels,
  };
}

describe('property: random data never yields a proposal that ranks worse than the best single signal', () => {
  it('refuses, or proposes points that rank the holdout clearly above chance and at least as well', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 150, max: 900 }),
        fc.integer({ min: 2, max: 12 }),
        fc.constantFrom(0, 0, 0.4, 1.5),
        (seed, rows, features, effect) => {
          const report = calibrate(randomMatrix(seed, rows, features, effect), {
            target: { targetRate: 10 },
          });
          if (!report.ok) return; // a coded error (e.g. no converter in the holdout) writes nothing either
          const { refusal, validation } = report.value;
          if (refusal !== null) return;
          const proposed = validation.proposed.auc ?? 0;
          expect(proposed).toBeGreaterThanOrEqual(validation.bestSingle?.auc ?? 0);
          expect(proposed).toBeGreaterThan(0.55);
          expect(validation.proposed.qualified).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40, seed: 12 },
    );
  }, 120_000);

  it('refuses pure noise', () => {
    let refused = 0;
    let proposed = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const report = calibrate(randomMatrix(seed, 600, 8, 0), { target: { targetRate: 10 } });
      if (!report.ok) continue;
      if (report.value.refusal === null) proposed++;
      else refused++;
    }
    expect(refused).toBeGreaterThan(0);
    expect(proposed).toBe(0);
  }, 120_000);
});
