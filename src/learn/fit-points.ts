/**
 * The model half of calibration: fit every usable candidate, keep the signals whose coefficient is
 * distinguishable from zero, refit on those alone (so the kept coefficients do not carry the
 * dropped ones' share), and scale the refit to points.
 */
import { err, ok, type Result } from '../lib/result.ts';
import type { ProposedPoints } from './calibration-report.ts';
import { modelColumn } from './count-cut.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { type LearnError, learnError } from './learn-error.ts';
import { fitLogistic, type LogisticModel, type LogisticOptions } from './logistic.ts';
import { type DroppedSignal, toPoints } from './to-points.ts';

export interface FitPointsInput {
  readonly training: FeatureMatrix;
  /** Signals allowed into the model, with their cut (null for booleans). */
  readonly candidates: ReadonlyMap<string, number | null>;
  readonly logistic: LogisticOptions;
  readonly scale: number;
  readonly minZ: number;
}

export interface FitPointsOutput {
  readonly model: LogisticModel;
  readonly points: readonly ProposedPoints[];
  readonly dropped: readonly DroppedSignal[];
}

export function fitPoints(input: FitPointsInput): Result<FitPointsOutput, LearnError> {
  const { training } = input;
  const columnsOf = (signals: readonly string[]) =>
    signals.map((signal) => {
      const feature = training.features.find((candidate) => candidate.name === signal);
      if (feature === undefined) throw new Error(`bug: candidate "${signal}" is not a feature`);
      return modelColumn(feature, input.candidates.get(signal) ?? null);
    });
  const all = [...input.candidates.keys()];
  const first = fitLogistic(columnsOf(all), training.labels, input.logistic);
  if (!first.ok) return first;
  const screened = toPoints(first.value, { signals: all, scale: input.scale, minZ: input.minZ });
  const kept = screened.points.map((entry) => entry.signal);
  // Rounding is judged again after the refit; only the z-screen and constants carry over.
  const dropped = screened.dropped.filter((entry) => entry.reason !== 'rounds-to-zero');
  for (const entry of screened.dropped) if (entry.reason === 'rounds-to-zero') kept.push(entry.signal);
  const keptInOrder = all.filter((signal) => kept.includes(signal));
  if (keptInOrder.length === 0) {
    return err(
      learnError(
        'no-usable-signals',
        `none of ${all.length} candidate signals has a significant coefficient`,
      ),
    );
  }
  const refit = fitLogistic(columnsOf(keptInOrder), training.labels, input.logistic);
  if (!refit.ok) return refit;
  const scaled = toPoints(refit.value, { signals: keptInOrder, scale: input.scale, minZ: 0 });
  if (scaled.points.length === 0) {
    return err(learnError('no-usable-signals', 'every kept signal rounds to 0 points'));
  }
  const points = scaled.points.map((entry): ProposedPoints => {
    const j = keptInOrder.indexOf(entry.signal);
    const feature = training.features.find((candidate) => candidate.name === entry.signal);
    return {
      signal: entry.signal,
      label: feature?.label ?? null,
      points: entry.points,
      cut: input.candidates.get(entry.signal) ?? null,
      coefficient: entry.coefficient,
      standardError: refit.value.standardErrors[j] ?? Number.NaN,
      zScore: entry.zScore,
    };
  });
  return ok({ model: refit.value, points, dropped: [...dropped, ...scaled.dropped] });
}
