/**
 * The input of calibration: one row per entity (user or account), each seen as of its own decision
 * time, one column per candidate signal, and whether the entity converted afterwards.
 *
 * The lead computes it with the scoring engine: for each entity, the decision time is the moment a
 * qualification would have been made (e.g. signup + N days, or the first PQL); features are the
 * signals' outcomes as of that time, and the label is a won outcome after it. Typed arrays keep
 * 100,000 × 50 cells in a few megabytes.
 */
import type { JsonObject } from '../lib/json.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { type LearnError, learnError } from './learn-error.ts';

export type FeatureKind = 'boolean' | 'count';

export interface FeatureColumn {
  /** The signal's name in the definition; points are written under this key. */
  readonly name: string;
  readonly label: string | null;
  /** `boolean`: 0/1 (the signal holds). `count`: a count or sum; calibration picks a cut `≥ k`. */
  readonly kind: FeatureKind;
  readonly values: Float64Array;
  /**
   * When each entity's value became known (epoch ms; NaN = unknown). A value observed after the
   * decision time is future information and is flagged as leakage.
   */
  readonly observedAt?: Float64Array;
  /** YAML body of the signal, used when the current definition does not define it. */
  readonly signal?: JsonObject;
}

export interface FeatureMatrix {
  readonly entityIds: readonly string[];
  /** Epoch ms, per entity: the features are as of this time. */
  readonly decisionTimes: Float64Array;
  /**
   * Optional epoch ms, per entity: when it was first seen (signed up). Orders the time-based
   * holdout among entities sharing a decision time (a cohort decided on one day).
   */
  readonly firstSeen?: Float64Array;
  readonly features: readonly FeatureColumn[];
  /** 1 = converted (won) after the decision time, 0 = not. */
  readonly labels: Uint8Array;
  /**
   * Optional engine context so proposed scores follow the language exactly: 1 when every gate of
   * the current definition holds (else the score is 0), and the recency multiplier in whole percent.
   * Without them, every gate holds and the multiplier is 100.
   */
  readonly gatePassed?: Uint8Array;
  readonly multiplierPercent?: Float64Array;
  /** The current definition as scored by the engine, to validate the proposal against. */
  readonly current?: CurrentDefinitionScores;
}

export interface CurrentDefinitionScores {
  readonly scores: Float64Array;
  /** 1 when the current definition qualifies the entity (its PQL tiers, hand-raisers included). */
  readonly qualified: Uint8Array;
}

/** Checks the shape of a matrix; the statistical checks (positives, rows) belong to `calibrate`. */
export function checkMatrix(matrix: FeatureMatrix): Result<FeatureMatrix, LearnError> {
  const n = matrix.entityIds.length;
  if (matrix.labels.length !== n || matrix.decisionTimes.length !== n) {
    return err(
      learnError(
        'length-mismatch',
        `${n} entity ids, ${matrix.labels.length} labels, ${matrix.decisionTimes.length} decision times`,
      ),
    );
  }
  const optional = [
    matrix.firstSeen,
    matrix.gatePassed,
    matrix.multiplierPercent,
    matrix.current?.scores,
    matrix.current?.qualified,
  ];
  if (optional.some((array) => array !== undefined && array.length !== n)) {
    return err(learnError('length-mismatch', `gates, multipliers and current scores must have ${n} entries`));
  }
  if (matrix.features.length === 0) return err(learnError('no-features', 'the matrix has no feature column'));
  for (let i = 0; i < n; i++) {
    const label = matrix.labels[i];
    if (label !== 0 && label !== 1)
      return err(learnError('bad-label', `entity ${matrix.entityIds[i]} has label ${label}`));
    if (!Number.isFinite(matrix.decisionTimes[i])) {
      return err(learnError('non-finite-value', `entity ${matrix.entityIds[i]} has no finite decision time`));
    }
    if (matrix.firstSeen !== undefined && !Number.isFinite(matrix.firstSeen[i])) {
      return err(
        learnError('non-finite-value', `entity ${matrix.entityIds[i]} has no finite first-seen time`),
      );
    }
  }
  const seen = new Set<string>();
  for (const feature of matrix.features) {
    if (seen.has(feature.name))
      return err(learnError('duplicate-feature', `feature "${feature.name}" appears twice`));
    seen.add(feature.name);
    const problem = checkColumn(feature, n);
    if (problem !== null) return err(problem);
  }
  return ok(matrix);
}

function checkColumn(feature: FeatureColumn, n: number): LearnError | null {
  if (feature.values.length !== n || (feature.observedAt !== undefined && feature.observedAt.length !== n)) {
    return learnError('length-mismatch', `feature "${feature.name}" does not have ${n} values`);
  }
  for (let i = 0; i < n; i++) {
    const value = feature.values[i] ?? Number.NaN;
    if (!Number.isFinite(value)) {
      return learnError('non-finite-value', `feature "${feature.name}" has value ${value} at row ${i}`);
    }
    if (feature.kind === 'boolean' && value !== 0 && value !== 1) {
      return learnError(
        'bad-boolean-value',
        `boolean feature "${feature.name}" has value ${value} at row ${i}`,
      );
    }
  }
  return null;
}

/** Row indices → a smaller matrix with its own typed arrays (training and holdout are copied once). */
export function selectRows(matrix: FeatureMatrix, rows: Uint32Array): FeatureMatrix {
  const pick = (source: Float64Array): Float64Array => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = source[rows[i] ?? 0] ?? 0;
    return out;
  };
  const pickBytes = (source: Uint8Array): Uint8Array => {
    const out = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = source[rows[i] ?? 0] ?? 0;
    return out;
  };
  const { firstSeen, gatePassed, multiplierPercent, current } = matrix;
  return {
    ...(firstSeen === undefined ? {} : { firstSeen: pick(firstSeen) }),
    ...(gatePassed === undefined ? {} : { gatePassed: pickBytes(gatePassed) }),
    ...(multiplierPercent === undefined ? {} : { multiplierPercent: pick(multiplierPercent) }),
    ...(current === undefined
      ? {}
      : { current: { scores: pick(current.scores), qualified: pickBytes(current.qualified) } }),
    entityIds: Array.from(rows, (row) => matrix.entityIds[row] ?? ''),
    decisionTimes: pick(matrix.decisionTimes),
    labels: pickBytes(matrix.labels),
    features: matrix.features.map((feature) => ({
      ...feature,
      values: pick(feature.values),
      ...(feature.observedAt === undefined ? {} : { observedAt: pick(feature.observedAt) }),
    })),
  };
}
