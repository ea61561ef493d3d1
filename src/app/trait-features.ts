/**
 * Candidate signals from traits, each row's traits as of its own decision time (the population's
 * temporary tables, features-population.ts): the latest record at or before T (null time = since
 * the beginning of time), a user's records under any of its keys as of T, an account's under its id.
 * A trait set after the decision time is therefore never seen, whatever its value.
 *
 * Numeric traits become `gte` cuts at the quartiles and the 90th percentile (each the simplest
 * number selecting the same rows: `gte: 590`, not `gte: 598.9333`); other traits become `eq` on their
 * values held by 5 %+ of the rows (at most 8), the rarer values folded into one `in:` signal
 * (`city_is_other`, up to 20 values). A trait some rows lack also gives `exists: true`
 * (`city_filled_in`), first, so a field that matters for being filled in is one signal. Every candidate carries its signal body for the proposed definition and, per
 * row, when the value it read was recorded (`observedAt`), which calibration checks again.
 */
import type { FeatureColumn } from '../learn/feature-matrix.ts';
import { simplestAbove } from '../learn/nice-number.ts';
import type { JsonObject, JsonValue } from '../lib/json.ts';
import type { SqlRow } from '../lib/sql-client.ts';
import type { EntityType } from '../model/dataset.ts';
import type { CalibrationSession } from './calibration-session.ts';
import type { GeneratedFeatures } from './event-features.ts';
import { cutForName, signalName } from './features-signal-names.ts';

const MAX_VALUES_PER_TRAIT = 8;
/** A value is a signal of its own when this share of the rows hold it; rarer ones are folded. */
const OWN_SIGNAL_SUPPORT = 0.05;
const MAX_FOLDED_VALUES = 20;
const MIN_SUPPORT = 0.01;
const QUANTILES = [0.25, 0.5, 0.75, 0.9];

export interface TraitFeatureRequest {
  readonly workspaceId: string;
  readonly entityType: EntityType;
  readonly excludeTraits: readonly string[];
}

interface TraitColumn {
  readonly values: (JsonValue | undefined)[];
  readonly observedAt: Float64Array;
}

interface LatestTraitRow extends SqlRow {
  readonly entity_id: string;
  readonly key: string;
  /** JSON text. */
  readonly value: string | null;
  readonly observed_ms: number | null;
}

/** `entityIds` in the order of `cal_entities` (by entity id). */
export async function traitFeatures(
  session: CalibrationSession,
  request: TraitFeatureRequest,
  entityIds: readonly string[],
  taken: Set<string>,
): Promise<GeneratedFeatures> {
  const latest = await session.query<LatestTraitRow>(latestTraitsSql(request, session.client.sql.ms), [
    request.workspaceId,
  ]);
  const rowOf = new Map(entityIds.map((id, i) => [id, i] as const));
  const byKey = new Map<string, TraitColumn>();
  for (const record of latest) {
    const row = rowOf.get(record.entity_id);
    const parsed = record.value === null ? null : (JSON.parse(record.value) as JsonValue);
    if (row === undefined || parsed === null) continue;
    let column = byKey.get(record.key);
    if (column === undefined) {
      column = {
        values: new Array<JsonValue | undefined>(entityIds.length),
        observedAt: new Float64Array(entityIds.length).fill(Number.NaN),
      };
      byKey.set(record.key, column);
    }
    column.values[row] = parsed;
    column.observedAt[row] = record.observed_ms ?? Number.NaN;
  }
  const features = [...byKey.keys()]
    .sort()
    .flatMap((key) => candidatesFor(key, byKey.get(key) as TraitColumn, entityIds.length, taken));
  return { features, leftOut: [] };
}

function latestTraitsSql(request: TraitFeatureRequest, ms: (expression: string) => string): string {
  const excluded =
    request.excludeTraits.length === 0
      ? ''
      : `AND t.key NOT IN (${request.excludeTraits.map((key) => `'${key.replace(/'/g, "''")}'`).join(', ')})`;
  const records =
    request.entityType === 'user'
      ? `SELECT k.entity_id, t.key, t.value, t.ts, t.seq FROM cal_keys k
           JOIN traits t ON t.workspace_id = $1 AND t.entity_type = 'user' AND t.entity_id = k.entity_key
           WHERE (t.ts IS NULL OR ${ms('t.ts')} <= k.decision_ms) ${excluded}`
      : `SELECT e.entity_id, t.key, t.value, t.ts, t.seq FROM cal_entities e
           JOIN traits t ON t.workspace_id = $1 AND t.entity_type = 'account' AND t.entity_id = e.entity_id
           WHERE (t.ts IS NULL OR ${ms('t.ts')} <= e.decision_ms) ${excluded}`;
  return `SELECT entity_id, key, value, ${ms('ts')} AS observed_ms FROM (
      SELECT r.entity_id, r.key, r.value, r.ts,
        row_number() OVER (PARTITION BY r.entity_id, r.key ORDER BY r.ts DESC NULLS LAST, r.seq DESC) AS trait_rank
      FROM (${records}) r) ranked
    WHERE trait_rank = 1`;
}

function candidatesFor(key: string, column: TraitColumn, rows: number, taken: Set<string>): FeatureColumn[] {
  const present = column.values.filter((v): v is JsonValue => v !== undefined && v !== null);
  if (present.length === 0) return [];
  const make = (
    base: string,
    label: string,
    test: JsonObject,
    holds: (v: JsonValue | undefined) => boolean,
  ) => featureColumn(signalName(base, taken), label, { trait: key, ...test }, column, holds);
  // "Filled in" first: when many values of a field each seem to be worth points, what matters is
  // usually that the field was filled in at all, and duplicate screening keeps the earlier signal.
  // (With one value only, "filled in" is that value's own signal, which says more.)
  const filledIn =
    present.length < rows && new Set(present.map((v) => JSON.stringify(v))).size > 1
      ? [
          make(
            `${key}_filled_in`,
            `${key} is filled in`,
            { exists: true },
            (v) => v !== undefined && v !== null,
          ),
        ]
      : [];
  return [...filledIn, ...valueCandidates(key, present, rows, make)];
}

type MakeCandidate = (
  base: string,
  label: string,
  test: JsonObject,
  holds: (v: JsonValue | undefined) => boolean,
) => FeatureColumn;

function valueCandidates(
  key: string,
  present: readonly JsonValue[],
  rows: number,
  make: MakeCandidate,
): FeatureColumn[] {
  if (present.every((v) => typeof v === 'number')) {
    const sorted = Float64Array.from(present as number[]).sort();
    const cuts = new Set<number>();
    for (const q of QUANTILES) {
      const cut = roundCut(sorted, q);
      if (cut !== null) cuts.add(cut);
    }
    return [...cuts].map((cut) =>
      make(
        `${key}_gte_${cutForName(cut)}`,
        `${key} ≥ ${cut}`,
        { gte: cut },
        (v) => typeof v === 'number' && v >= cut,
      ),
    );
  }
  const counts = new Map<string, { value: string | boolean; n: number }>();
  for (const v of present) {
    if (typeof v !== 'string' && typeof v !== 'boolean') continue;
    const k = JSON.stringify(v);
    counts.set(k, { value: v, n: (counts.get(k)?.n ?? 0) + 1 });
  }
  const ranked = [...counts.values()].filter((c) => c.n < rows).sort((a, b) => b.n - a.n);
  const own = ranked.filter((c) => c.n >= OWN_SIGNAL_SUPPORT * rows).slice(0, MAX_VALUES_PER_TRAIT);
  const ownValues = new Set(own.map((c) => c.value));
  // Rare values are folded into one signal: one of a long tail of cities says little alone.
  const rare = ranked.filter((c) => !ownValues.has(c.value));
  const rareRows = rare.reduce((sum, c) => sum + c.n, 0);
  const folded =
    rare.length > 1 && rare.length <= MAX_FOLDED_VALUES && rareRows >= MIN_SUPPORT * rows
      ? [
          make(
            `${key}_is_other`,
            `${key} is another value`,
            { in: rare.map((c) => c.value) },
            (v) => (typeof v === 'string' || typeof v === 'boolean') && rare.some((c) => c.value === v),
          ),
        ]
      : [];
  return [
    ...own.map(({ value }) =>
      make(`${key}_is_${String(value)}`, `${key} is ${value}`, { eq: value }, (v) => v === value),
    ),
    ...folded,
  ];
}

/**
 * A `gte` cut near the q-quantile: the simplest number between the (q − 0.05)- and
 * (q + 0.05)-quantiles (`gte: 600` rather than `gte: 598.93`), or, when those are one value, the
 * simplest number selecting exactly the values from the q-quantile up. Null when the cut would hold
 * for every value (it is the minimum).
 */
function roundCut(sorted: Float64Array, q: number): number | null {
  const last = sorted.length - 1;
  const at = (p: number) => sorted[Math.min(last, Math.max(0, Math.floor(p * last)))] ?? 0;
  const value = at(q);
  let below = Math.floor(q * last);
  while (below > 0 && sorted[below - 1] === value) below--;
  if (below === 0) return null;
  const lower = at(q - 0.05);
  const upper = at(q + 0.05);
  return lower < upper ? simplestAbove(lower, upper) : simplestAbove(sorted[below - 1] ?? value, value);
}

function holdsColumn(
  values: readonly (JsonValue | undefined)[],
  holds: (value: JsonValue | undefined) => boolean,
): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = holds(values[i]) ? 1 : 0;
  return out;
}

function featureColumn(
  name: string,
  label: string,
  signal: JsonObject,
  column: TraitColumn,
  holds: (value: JsonValue | undefined) => boolean,
): FeatureColumn {
  return {
    name,
    label,
    kind: 'boolean',
    signal: { label, ...signal },
    values: holdsColumn(column.values, holds),
    observedAt: column.observedAt,
  };
}
