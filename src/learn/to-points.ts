/**
 * From log-odds to readable integer points. The scaling keeps the model's proportions and nothing
 * else: the strongest signal gets ±`scale` points and every other signal
 *
 *     points = round(coefficient × scale / max |coefficient|)
 *
 * (rounded half away from zero, so +x and −x get mirrored points). A signal is dropped when the
 * model cannot tell its coefficient from zero (|z| < `minZ`, i.e. its 95 % interval covers 0 at
 * the default 1.96), when it never varies, or when it rounds to 0 points.
 */
import type { LogisticModel } from './logistic.ts';

export type DropReason =
  | 'constant'
  | 'not-significant'
  | 'beyond-max-signals'
  | 'rounds-to-zero'
  | 'leakage'
  | 'no-cut'
  | 'near-constant'
  | 'duplicate'
  | 'near-duplicate'
  | 'non-monotone';

export interface SignalPoints {
  readonly signal: string;
  readonly points: number;
  /** Log-odds when the signal holds (original scale). */
  readonly coefficient: number;
  readonly zScore: number;
}

export interface DroppedSignal {
  readonly signal: string;
  readonly reason: DropReason;
  /** The fitted coefficient, or null when the signal never reached the model. */
  readonly coefficient: number | null;
}

export interface PointsOptions {
  /** The model's input columns, in order. */
  readonly signals: readonly string[];
  /** Points of the strongest signal. Default 20. */
  readonly scale?: number;
  /** Minimum |coefficient / standard error| to keep a signal. Default 1.96; 0 keeps every varying signal. */
  readonly minZ?: number;
}

export interface PointsModel {
  /** Ordered by |points| descending, then name. */
  readonly points: readonly SignalPoints[];
  readonly dropped: readonly DroppedSignal[];
  readonly scale: number;
}

export function toPoints(model: LogisticModel, options: PointsOptions): PointsModel {
  const scale = options.scale ?? 20;
  const minZ = options.minZ ?? 1.96;
  const dropped: DroppedSignal[] = [];
  const kept: { signal: string; coefficient: number; zScore: number }[] = [];
  options.signals.forEach((signal, j) => {
    const coefficient = model.coefficients[j] ?? 0;
    const zScore = model.zScores[j] ?? 0;
    if (model.constant[j] === true) dropped.push({ signal, reason: 'constant', coefficient: null });
    else if (!(Math.abs(zScore) >= minZ) || coefficient === 0) {
      dropped.push({ signal, reason: 'not-significant', coefficient });
    } else kept.push({ signal, coefficient, zScore });
  });
  const largest = kept.reduce((max, entry) => Math.max(max, Math.abs(entry.coefficient)), 0);
  const points: SignalPoints[] = [];
  for (const entry of kept) {
    const raw = (entry.coefficient * scale) / largest;
    const rounded = Math.sign(raw) * Math.round(Math.abs(raw));
    if (rounded === 0)
      dropped.push({ signal: entry.signal, reason: 'rounds-to-zero', coefficient: entry.coefficient });
    else points.push({ ...entry, points: rounded });
  }
  points.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.signal < b.signal ? -1 : 1));
  return { points, dropped, scale };
}
