/**
 * The model half of calibration: fit every usable candidate, eliminate backwards the signals whose
 * coefficient cannot be told from zero (refitting each time, so the kept coefficients do not carry
 * the dropped ones' share), and scale the last fit to points.
 */
import { err, ok, type Result } from '../lib/result.ts';
import type { ProposedPoints } from './calibration-report.ts';
import { modelColumn } from './count-cut.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { type LearnError, learnError } from './learn-error.ts';
import { fitLogistic, type LogisticModel, type LogisticOptions, type LogisticStart } from './logistic.ts';
import { type DroppedSignal, toPoints } from './to-points.ts';

export interface FitPointsInput {
  readonly training: FeatureMatrix;
  /** Signals allowed into the model, with their cut (null for booleans). */
  readonly candidates: ReadonlyMap<string, number | null>;
  readonly logistic: LogisticOptions;
  readonly scale: number;
  readonly minZ: number;
  /** At most this many signals get points; beyond it the least significant are dropped. */
  readonly maxSignals: number;
  /**
   * Cuts of one count or number (`plan_seats ≥ 5`, `≥ 10`, `≥ 50`): a family's kept cuts must step
   * in one direction (all adding, or all taking away), or form one band (two cuts, opposite signs).
   * Otherwise the weakest of that family is dropped (`non-monotone`) and the rest refitted.
   */
  readonly families?: ReadonlyMap<string, CutFamily>;
}

export interface CutFamily {
  /** The signal's body without its threshold: cuts with the same family read one quantity. */
  readonly family: string;
  readonly threshold: number;
}

export interface FitPointsOutput {
  readonly model: LogisticModel;
  readonly points: readonly ProposedPoints[];
  readonly dropped: readonly DroppedSignal[];
}

/**
 * A refit of a subset of a model's columns starts from that model: its coefficients and its
 * information matrix restricted to the kept columns (`kept[j]` = the old index of new column j).
 */
function restrictedStart(model: LogisticModel, kept: readonly number[]): LogisticStart {
  const oldWidth = model.coefficients.length + 1;
  const width = kept.length + 1;
  const oldIndex = [0, ...kept.map((j) => j + 1)];
  const information = new Float64Array(width * width);
  for (let a = 0; a < width; a++) {
    for (let b = 0; b < width; b++) {
      information[a * width + b] = model.information[(oldIndex[a] ?? 0) * oldWidth + (oldIndex[b] ?? 0)] ?? 0;
    }
  }
  return {
    intercept: model.standardizedIntercept,
    coefficients: kept.map((j) => model.standardizedCoefficients[j] ?? 0),
    information,
  };
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
  // Backward elimination: fit, drop the weakest of the signals whose coefficient cannot be told
  // from zero (at least one), refit on the rest, until every one left is significant and there are
  // no more than `maxSignals`.
  // One screen of a single fit would drop correlated signals together (each looks insignificant
  // while the other carries their share); dropping the weakest first lets the stronger one stay.
  const dropped: DroppedSignal[] = [];
  let current = all;
  let fit = fitLogistic(columnsOf(current), training.labels, input.logistic);
  for (;;) {
    if (!fit.ok) return fit;
    const model = fit.value;
    const weak: { signal: string; z: number; coefficient: number }[] = [];
    const constant = new Set<string>();
    current.forEach((signal, j) => {
      const z = Math.abs(model.zScores[j] ?? 0);
      if (model.constant[j] === true) constant.add(signal);
      else if (!(z >= input.minZ) || model.coefficients[j] === 0)
        weak.push({ signal, z, coefficient: model.coefficients[j] ?? 0 });
    });
    for (const signal of constant) dropped.push({ signal, reason: 'constant', coefficient: null });
    weak.sort((a, b) => a.z - b.z || (a.signal < b.signal ? -1 : 1));
    // The clearly useless (|z| under half the bar) go at once; of the rest, the weaker half.
    const hopeless = weak.filter((w) => w.z < input.minZ / 2).length;
    const dropNow = Math.max(hopeless, Math.ceil(weak.length / 2));
    const out = new Set([...constant, ...weak.slice(0, dropNow).map((w) => w.signal)]);
    for (const w of weak)
      if (out.has(w.signal))
        dropped.push({ signal: w.signal, reason: 'not-significant', coefficient: w.coefficient });
    // All significant but more than a person reads: the least significant beyond the limit go.
    const varying = current.filter((signal) => !constant.has(signal));
    if (out.size === 0 && varying.length > input.maxSignals) {
      const strength = varying
        .map((signal) => {
          const j = current.indexOf(signal);
          return { signal, z: Math.abs(model.zScores[j] ?? 0), coefficient: model.coefficients[j] ?? 0 };
        })
        .sort((a, b) => a.z - b.z || (a.signal < b.signal ? -1 : 1));
      for (const w of strength.slice(0, varying.length - input.maxSignals)) {
        out.add(w.signal);
        dropped.push({ signal: w.signal, reason: 'beyond-max-signals', coefficient: w.coefficient });
      }
    }
    if (out.size === 0 && input.families !== undefined) {
      for (const signal of nonMonotone(current, model, input.families)) {
        out.add(signal);
        const coefficient = model.coefficients[current.indexOf(signal)] ?? 0;
        dropped.push({ signal, reason: 'non-monotone', coefficient });
      }
    }
    if (out.size === 0) break;
    const previous = new Map(current.map((signal, j) => [signal, j] as const));
    current = current.filter((signal) => !out.has(signal));
    if (current.length === 0) {
      return err(
        learnError(
          'no-usable-signals',
          `none of ${all.length} candidate signals has a significant coefficient`,
        ),
      );
    }
    fit = fitLogistic(columnsOf(current), training.labels, {
      ...input.logistic,
      start: restrictedStart(
        model,
        current.map((signal) => previous.get(signal) ?? -1),
      ),
    });
  }
  const keptInOrder = current;
  const refit = fit;
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

/**
 * Of each family whose kept cuts neither step in one direction nor form one band, its weakest
 * member (smallest |z|). Sorted by threshold, signs `+ + +` or `− −` step; `+ −` is a band (the
 * points hold between the two cuts); `+ − −` or `+ − +` is neither.
 */
function nonMonotone(
  current: readonly string[],
  model: LogisticModel,
  families: ReadonlyMap<string, CutFamily>,
): string[] {
  const members = new Map<string, { signal: string; threshold: number; sign: number; z: number }[]>();
  current.forEach((signal, j) => {
    const cut = families.get(signal);
    if (cut === undefined) return;
    const list = members.get(cut.family) ?? [];
    list.push({
      signal,
      threshold: cut.threshold,
      sign: Math.sign(model.coefficients[j] ?? 0),
      z: Math.abs(model.zScores[j] ?? 0),
    });
    members.set(cut.family, list);
  });
  const out: string[] = [];
  for (const list of members.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.threshold - b.threshold);
    const signs = new Set(list.map((member) => member.sign));
    const oneBand = list.length === 2;
    if (signs.size === 1 || oneBand) continue;
    const weakest = [...list].sort((a, b) => a.z - b.z || (a.signal < b.signal ? -1 : 1))[0];
    if (weakest !== undefined) out.push(weakest.signal);
  }
  return out;
}
