/**
 * The feature matrix calibration learns from, read from the store: the population with its decision
 * times and labels (features-population.ts), then the candidate signals as of each decision time —
 * the current definition's own (definition-features.ts), generated ones from the event vocabulary
 * (event-features.ts) and from traits (trait-features.ts) — and the setup the report states.
 * Everything per entity is computed set-based in SQL, on the store's back end (DuckDB or
 * PostgreSQL), in one transaction of a session of its own (calibration-session.ts).
 */
import type { DefinitionIR } from '../definition/ir.ts';
import type { CalibrationSetup } from '../learn/calibration-report.ts';
import type { FeatureColumn, FeatureMatrix } from '../learn/feature-matrix.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { SqlDatabase, SqlRow } from '../lib/sql-client.ts';
import type { EntityType, EvaluationOptions } from '../model/dataset.ts';
import { type CalibrationSession, withCalibrationSession } from './calibration-session.ts';
import { definitionFeatures } from './definition-features.ts';
import { eventFeatures, windowText } from './event-features.ts';
import { buildPopulation, type DecisionRule, type PopulationCounts } from './features-population.ts';
import { traitFeatures } from './trait-features.ts';

export type FeatureSource = 'events' | 'traits';

export interface CalibrationFeatureRequest {
  readonly workspaceId: string;
  readonly entityType: EntityType;
  /** `events`: event vocabulary + traits (+ the definition's signals). `traits`: traits only. */
  readonly source: FeatureSource;
  readonly decision: DecisionRule;
  readonly horizonMs: number | null;
  /** `won`, another outcome stage (`opportunity`), or `active after 90d`. */
  readonly label: string;
  readonly onlyDecided: boolean;
  readonly windowsMs: readonly number[];
  readonly excludeEvents: readonly string[];
  readonly excludeTraits: readonly string[];
  readonly maxEvents?: number;
  /** Share of rows an event or threshold must reach to become a candidate (see event-features.ts). */
  readonly minSupport?: number;
  readonly definition: {
    readonly ir: DefinitionIR;
    readonly options: EvaluationOptions;
    readonly pqlTier: string | null;
  } | null;
}

export interface CalibrationFeatures {
  readonly matrix: FeatureMatrix;
  readonly setup: CalibrationSetup;
  readonly counts: PopulationCounts;
  /** Compiled definition queries run (one per distinct decision time), 0 without a definition. */
  readonly definitionRuns: number;
}

export interface CalibrationFeatureError {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

interface PopulationRow extends SqlRow {
  readonly entity_id: string;
  readonly first_seen_ms: number;
  readonly decision_ms: number;
  readonly label: number;
}

/** Reads the store through `database` (its own session); either back end gives the same matrix. */
export function calibrationFeatures(
  database: SqlDatabase,
  request: CalibrationFeatureRequest,
): Promise<Result<CalibrationFeatures, CalibrationFeatureError>> {
  return withCalibrationSession(database, (session) => featuresIn(session, request));
}

async function featuresIn(
  session: CalibrationSession,
  request: CalibrationFeatureRequest,
): Promise<Result<CalibrationFeatures, CalibrationFeatureError>> {
  const counts = await buildPopulation(session, request);
  if (counts.rows === 0) {
    return err({
      code: 'no-entities',
      message: `No ${request.entityType} can be decided: ${describeCounts(counts)}.`,
      hint: noEntitiesHint(await countWithoutTime(session)),
    });
  }
  const rows = await session.query<PopulationRow>(
    `SELECT entity_id, first_seen_ms, decision_ms, label FROM cal_entities ORDER BY ${session.bytewise('entity_id')}`,
  );
  const entityIds = rows.map((row) => row.entity_id);
  const firstSeen = Float64Array.from(rows, (row) => row.first_seen_ms);
  const decisionTimes = Float64Array.from(rows, (row) => row.decision_ms);
  const labels = Uint8Array.from(rows, (row) => row.label);

  const features: FeatureColumn[] = [];
  const leftOut: { signal: string; reason: string }[] = [];
  const taken = new Set<string>();
  let current: Pick<FeatureMatrix, 'current' | 'gatePassed' | 'multiplierPercent'> = {};
  let definitionRuns = 0;
  if (request.definition !== null) {
    const own = await definitionFeatures(
      session,
      {
        workspaceId: request.workspaceId,
        ...request.definition,
        excludeEvents: request.excludeEvents,
        excludeTraits: request.excludeTraits,
      },
      entityIds,
      decisionTimes,
    );
    if (!own.ok) return err({ ...own.error, hint: 'fix the definition or the options given to score it' });
    for (const signal of request.definition.ir.signals) taken.add(signal.name);
    features.push(...own.value.features);
    leftOut.push(...own.value.leftOut);
    definitionRuns = own.value.runs;
    current = {
      current: { scores: own.value.scores, qualified: own.value.qualified },
      gatePassed: own.value.gatePassed,
      multiplierPercent: own.value.multiplierPercent,
    };
  }
  const generated: FeatureColumn[] = [];
  if (request.source === 'events') {
    const { maxEvents, minSupport } = request;
    const events = await eventFeatures(
      session,
      {
        ...request,
        ...(maxEvents === undefined ? {} : { maxEvents }),
        ...(minSupport === undefined ? {} : { minSupport }),
      },
      entityIds,
      taken,
    );
    generated.push(...events.features);
    leftOut.push(...events.leftOut);
  }
  const traits = await traitFeatures(session, request, entityIds, taken);
  generated.push(...traits.features);
  const distinct = withoutDuplicates(generated, features);
  features.push(...distinct.kept);
  leftOut.push(...distinct.leftOut);

  const matrix: FeatureMatrix = { entityIds, decisionTimes, firstSeen, features, labels, ...current };
  const setup: CalibrationSetup = {
    source: request.source,
    entity: request.entityType,
    label: request.label,
    decision: describeDecision(request.decision),
    decisionRange: [
      iso(decisionTimes.reduce((a, b) => Math.min(a, b))),
      iso(decisionTimes.reduce((a, b) => Math.max(a, b))),
    ],
    horizon: request.horizonMs === null ? null : windowText(request.horizonMs),
    excludedEvents: [...request.excludeEvents],
    excludedTraits: [...request.excludeTraits],
    leftOut,
    population: { ...counts },
  };
  return ok({ matrix, setup, counts, definitionRuns });
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function describeDecision(rule: DecisionRule): string {
  const { afterMs, atMs, anchor } = rule;
  const at = atMs === null ? null : iso(atMs);
  if (anchor !== undefined) {
    const from =
      anchor.from === 'first-seen'
        ? 'first seen (its earliest message, membership or trait)'
        : `its ${anchor.from} ${anchor.event ?? ''}`;
    const offset = anchor.offsetMs === 0 ? 'at' : `${windowText(anchor.offsetMs)} after`;
    const exact = `${offset} ${from}, exactly`;
    return at === null ? exact : `${exact}, and no later than ${at}`;
  }
  if (afterMs === null) return `${at ?? 'never'} for every entity`;
  const relative =
    afterMs === 0
      ? 'when first seen (its earliest message, membership or trait)'
      : `${windowText(afterMs)} after first seen (its earliest message, membership or trait), at the end of that UTC day`;
  return at === null ? relative : `${relative}, and no later than ${at}`;
}

/**
 * Entities never seen at a known time: a lead table's traits imported without
 * `--timestamp-column` carry no time, so nothing says when such a row was recorded.
 */
async function countWithoutTime(session: CalibrationSession): Promise<number> {
  const [row] = await session.query<{ n: number }>(
    "SELECT count(*) AS n FROM cal_status WHERE status = 'not-seen' AND first_seen_ms IS NULL",
  );
  return row?.n ?? 0;
}

function noEntitiesHint(withoutTime: number): string {
  if (withoutTime > 0) {
    return `${withoutTime} have no known time (traits imported without a time): re-import them with \`kindling import --traits <file> --timestamp-column <column>\`, or decide every row at one time with \`--decision-at <time> --holdout-seed 1\` (a random holdout)`;
  }
  return 'check --entity, the decision time (--decision-after / --decision-at) and that outcomes are imported';
}

function describeCounts(counts: PopulationCounts): string {
  return [
    `${counts.entities} considered`,
    `${counts.decidedBeforeDecision} already won or lost by their decision time`,
    `${counts.notSeenByDecision} not seen by it`,
    `${counts.censored} too recent for the horizon`,
    `${counts.withoutOutcome} without a won/lost outcome`,
  ].join(', ');
}

/**
 * Generated columns identical to an earlier one (a 14-day and a 30-day count when every entity is
 * younger than 14 days) add nothing but collinearity: the first is kept.
 */
function withoutDuplicates(
  generated: readonly FeatureColumn[],
  earlier: readonly FeatureColumn[],
): { kept: FeatureColumn[]; leftOut: { signal: string; reason: string }[] } {
  const seen = new Map<string, FeatureColumn[]>();
  const kept: FeatureColumn[] = [];
  const leftOut: { signal: string; reason: string }[] = [];
  const remember = (column: FeatureColumn) => {
    const key = fingerprint(column.values);
    seen.set(key, [...(seen.get(key) ?? []), column]);
  };
  earlier.forEach(remember);
  for (const column of generated) {
    const twin = (seen.get(fingerprint(column.values)) ?? []).find((other) =>
      sameValues(other.values, column.values),
    );
    if (twin !== undefined) {
      leftOut.push({ signal: column.name, reason: `same values as ${twin.name}` });
      continue;
    }
    kept.push(column);
    remember(column);
  }
  return { kept, leftOut };
}

function fingerprint(values: Float64Array): string {
  let hash = 2166136261;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    sum += v * ((i % 7) + 1);
    hash = Math.imul(hash ^ (v * 2654435761 + i), 16777619) >>> 0;
  }
  return `${hash}:${sum}`;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
