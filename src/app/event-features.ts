/**
 * Candidate signals generated from the event vocabulary, computed set-based in SQL (DuckDB or
 * PostgreSQL, the store's) over the population's temporary tables (features-population.ts), each entity as of its own decision
 * time: for every frequent event, its count in each window (7, 14, 30 days by default); distinct
 * active days and all counted events per window; for accounts, distinct active users per window.
 * Each count becomes yes/no signals at a few thresholds — at least once, and at the median and
 * 90th percentile of the entities that have any (rounded: `at_least: 10`, not 9.5) — so the
 * point model can give more points to more use. Thresholds look at counts only, never at labels.
 *
 * Windows follow the language: `(T − within, T]`. Messages are resolved as scoring resolves them:
 * a user's events are those of its keys as of T (`cal_keys`); an account's are its members' (as of
 * T) plus the events tagged with its id, each once. Only events at or before T are ever read.
 */
import type { FeatureColumn } from '../learn/feature-matrix.ts';
import { simplestAbove } from '../learn/nice-number.ts';
import type { JsonObject } from '../lib/json.ts';
import type { SqlRow } from '../lib/sql-client.ts';
import { COUNTED_TYPES, type EntityType } from '../model/dataset.ts';
import type { Dialect } from '../sql/dialect.ts';
import type { CalibrationSession } from './calibration-session.ts';
import { DAY_MS } from './features-population.ts';
import { signalName } from './features-signal-names.ts';

export interface EventFeatureRequest {
  readonly workspaceId: string;
  readonly entityType: EntityType;
  /** Window lengths in ms, shortest first. */
  readonly windowsMs: readonly number[];
  readonly excludeEvents: readonly string[];
  /** At most this many event names (the most widespread first). Default 30. */
  readonly maxEvents?: number;
  /** An event must occur for at least this share of rows (and 5 rows) to become a signal. Default 0.01. */
  readonly minSupport?: number;
}

export interface GeneratedFeatures {
  readonly features: FeatureColumn[];
  /** Candidates not generated, with why. */
  readonly leftOut: { readonly signal: string; readonly reason: string }[];
}

interface Spec {
  readonly base: string;
  /** SQL aggregate over `cal_events`. */
  readonly sql: string;
  readonly label: (atLeast: number) => string;
  readonly signal: JsonObject;
  /** Write `at_least` even when it is 1 (a sum has no default threshold of one event). */
  readonly explicitAtLeast?: boolean;
}

const THRESHOLD_QUANTILES = [0.5, 0.9];

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Rows in the order of `entityIds` (those of `cal_entities`), one column per generated signal. */
export async function eventFeatures(
  session: CalibrationSession,
  request: EventFeatureRequest,
  entityIds: readonly string[],
  taken: Set<string>,
): Promise<GeneratedFeatures> {
  const rowCount = entityIds.length;
  const windows = [...request.windowsMs].sort((a, b) => a - b);
  const longest = windows.at(-1) ?? 30 * DAY_MS;
  await session.table('cal_events', entityEventsSql(request, longest, session.client.sql.ms), [
    request.workspaceId,
  ]);
  const minRows = Math.max(5, Math.ceil((request.minSupport ?? 0.01) * rowCount));
  const vocabulary = await session.query<{ event: string }>(
    `SELECT event, count(DISTINCT entity_id) AS entities FROM cal_events WHERE event IS NOT NULL
     GROUP BY event HAVING count(DISTINCT entity_id) >= ${minRows}
     ORDER BY entities DESC, ${session.bytewise('event')} LIMIT ${request.maxEvents ?? 30}`,
  );
  const events = vocabulary.map((row) => row.event);
  const specs: Spec[] = [];
  const leftOut: GeneratedFeatures['leftOut'] = [];
  for (const event of events) {
    for (const window of windows) {
      const days = windowText(window);
      specs.push({
        base: `${event}_${days}`,
        sql: `count(*) FILTER (WHERE event = ${quote(event)} AND age_ms < ${window})`,
        label: (k) => (k === 1 ? `${event}, last ${days}` : `${event} ${k}+ times, last ${days}`),
        signal: { event, within: days },
      });
    }
  }
  specs.push(...(await propertySpecs(session, events, longest, minRows)));
  const wholeStream: Spec[] = [];
  for (const window of windows) {
    const days = windowText(window);
    wholeStream.push({
      base: `events_${days}`,
      sql: `count(*) FILTER (WHERE age_ms < ${window})`,
      label: (k) => `${k}+ events, last ${days}`,
      signal: { event: '*', within: days },
    });
    wholeStream.push({
      base: `active_days_${days}`,
      sql: `count(DISTINCT day) FILTER (WHERE age_ms < ${window})`,
      label: (k) => `Active on ${k}+ days, last ${days}`,
      signal: { distinct: 'day', within: days },
    });
    if (request.entityType === 'account') {
      wholeStream.push({
        base: `active_users_${days}`,
        sql: `count(DISTINCT user_id) FILTER (WHERE age_ms < ${window})`,
        label: (k) => `${k}+ active users, last ${days}`,
        signal: { distinct: 'user', within: days },
      });
    }
  }
  for (const spec of wholeStream) {
    // A signal over every event would count the excluded ones when scored: leave it out instead.
    if (request.excludeEvents.length > 0)
      leftOut.push({ signal: spec.base, reason: 'counts every event, excluded ones too' });
    else specs.push(spec);
  }
  if (specs.length === 0) return { features: [], leftOut };

  const counted = await session.query(
    `SELECT entity_id, ${specs.map((spec, j) => `CAST(${spec.sql} AS DOUBLE PRECISION) AS c${j}`).join(', ')}
     FROM cal_events GROUP BY entity_id`,
  );
  const rowOf = new Map(entityIds.map((id, i) => [id, i] as const));
  const columns = specs.map(() => new Float64Array(rowCount));
  for (const row of counted) {
    const i = rowOf.get(String(row.entity_id));
    if (i === undefined) continue;
    columns.forEach((column, j) => {
      column[i] = Number(row[`c${j}`] ?? 0);
    });
  }
  const features: FeatureColumn[] = [];
  specs.forEach((spec, j) => {
    const counts = columns[j] ?? new Float64Array(rowCount);
    for (const atLeast of thresholds(counts, minRows)) {
      const label = spec.label(atLeast);
      const name = signalName(atLeast === 1 ? spec.base : `${spec.base}_gte_${atLeast}`, taken);
      const values = new Float64Array(counts.length);
      for (let i = 0; i < counts.length; i++) values[i] = (counts[i] ?? 0) >= atLeast ? 1 : 0;
      features.push({
        name,
        label,
        kind: 'boolean',
        values,
        signal: {
          label,
          ...spec.signal,
          ...(atLeast === 1 && spec.explicitAtLeast !== true ? {} : { at_least: atLeast }),
        },
      });
    }
  });
  return { features, leftOut };
}

/** Properties with at most this many values become `where:` signals, one per frequent value. */
const MAX_PROPERTY_VALUES = 10;
const MAX_PROPERTY_SIGNALS = 30;

/**
 * Event properties as candidates, over the longest window: for each frequent event, its
 * low-cardinality string properties give a count of that event with each frequent value
 * (`{ event: Feature Used, where: { feature: sql_editor }, within: 30d }`), and its numeric
 * properties their sum (`{ event: Export, sum: properties.rows, within: 30d }`). Top-level
 * properties only; values must reach `minRows` entities.
 */
async function propertySpecs(
  session: CalibrationSession,
  events: readonly string[],
  longest: number,
  minRows: number,
): Promise<Spec[]> {
  if (events.length === 0) return [];
  const days = windowText(longest);
  const { dialect } = session;
  const kind = `CASE WHEN ${dialect.jsonString('m.value')} IS NOT NULL THEN 'string'
    WHEN ${dialect.jsonNumber('m.value')} IS NOT NULL THEN 'number' END`;
  // A string by its value; a number by its JSON text (only its first row matters: it gives a sum).
  const text = `coalesce(${dialect.jsonString('m.value')}, CAST(m.value AS TEXT))`;
  const values = await session.query<PropertyValueRow>(
    `WITH props AS (
       SELECT c.entity_id, c.event, m.key, ${kind} AS kind, ${text} AS value
       FROM cal_events c, ${session.client.sql.jsonMembers('c.properties')} AS m
       WHERE c.event IN (${events.map(quote).join(', ')})),
     typed AS (SELECT * FROM props WHERE kind IS NOT NULL AND key NOT LIKE '%.%'),
     per_value AS (
       SELECT event, key, kind, value, count(DISTINCT entity_id) AS entities
       FROM typed GROUP BY event, key, kind, value),
     cardinality AS (
       SELECT event, key, kind, count(*) AS n FROM per_value GROUP BY event, key, kind)
     SELECT v.event, v.key, v.kind, v.value, v.entities, c.n AS cardinality
     FROM per_value v JOIN cardinality c ON c.event = v.event AND c.key = v.key AND c.kind = v.kind
     ORDER BY v.entities DESC, ${session.bytewise('v.event')}, ${session.bytewise('v.key')}, ${session.bytewise('v.value')}`,
  );
  const specs: Spec[] = [];
  const summed = new Set<string>();
  for (const row of values) {
    if (specs.length >= MAX_PROPERTY_SIGNALS) break;
    const { event, key, value } = row;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    if (row.kind === 'string') {
      if (row.cardinality > MAX_PROPERTY_VALUES || row.entities < minRows) continue;
      specs.push({
        base: `${event}_${key}_${value}_${days}`,
        sql: `count(*) FILTER (WHERE event = ${quote(event)} AND ${propertyString(dialect, key)} = ${dialect.string(value)} AND age_ms < ${longest})`,
        label: (k) => `${event} with ${key} ${value}${k === 1 ? '' : ` ${k}+ times`}, last ${days}`,
        signal: { event, where: { [key]: value }, within: days },
      });
    } else if (!summed.has(`${event}\u0000${key}`)) {
      summed.add(`${event}\u0000${key}`);
      specs.push({
        base: `${event}_${key}_sum_${days}`,
        sql: `coalesce(sum(${dialect.jsonNumber(dialect.jsonGet('properties', [key]))}) FILTER (WHERE event = ${quote(event)} AND age_ms < ${longest}), 0)`,
        label: (k) => `${event}: ${key} adds up to ${k}+, last ${days}`,
        signal: { event, sum: `properties.${key}`, within: days },
        explicitAtLeast: true,
      });
    }
  }
  return specs;
}

interface PropertyValueRow extends SqlRow {
  readonly event: string;
  readonly key: string;
  readonly kind: 'string' | 'number';
  readonly value: string;
  readonly entities: number;
  readonly cardinality: number;
}

/** The string at a top-level property, null for any other JSON type (as `where:` compares). */
const propertyString = (dialect: Dialect, key: string): string =>
  dialect.jsonString(dialect.jsonGet('properties', [key]));

/**
 * At least once, then the median, 75th and 90th percentile of the non-zero counts, each the
 * simplest number selecting the same entities; only thresholds that hold for at least `minRows`
 * entities and not for all of them.
 */
export function thresholds(counts: Float64Array, minRows: number): number[] {
  let nonZero = 0;
  for (let i = 0; i < counts.length; i++) nonZero += (counts[i] ?? 0) > 0 ? 1 : 0;
  const positive = new Float64Array(nonZero);
  for (let i = 0, k = 0; i < counts.length; i++) if ((counts[i] ?? 0) > 0) positive[k++] = counts[i] ?? 0;
  positive.sort();
  if (positive.length < minRows) return [];
  const cuts = new Set<number>(positive.length < counts.length ? [1] : []);
  for (const q of THRESHOLD_QUANTILES) {
    const at = Math.floor(q * (positive.length - 1));
    const value = positive[at] ?? 0;
    let below = at;
    while (below > 0 && positive[below - 1] === value) below--;
    if (below === 0) continue;
    const cut = simplestAbove(positive[below - 1] ?? 0, value);
    if (positive.length - below >= minRows) cuts.add(cut);
  }
  return [...cuts].sort((a, b) => a - b);
}

/** `7d`, or hours for windows that are not whole days. */
export function windowText(ms: number): string {
  return ms % DAY_MS === 0 ? `${ms / DAY_MS}d` : `${Math.round(ms / 3_600_000)}h`;
}

/**
 * Each row's counted events in `(T − longest, T]`: its keys' events, and for accounts also those
 * tagged with it, once each, with the canonical user as of T (for distinct users) and the UTC day.
 */
function entityEventsSql(
  request: EventFeatureRequest,
  longest: number,
  ms: (expression: string) => string,
): string {
  const counted = `ev.type IN (${COUNTED_TYPES.map(quote).join(', ')})`;
  const excluded =
    request.excludeEvents.length === 0
      ? ''
      : `AND (ev.event IS NULL OR ev.event NOT IN (${request.excludeEvents.map(quote).join(', ')}))`;
  const inWindow = (t: string) =>
    `${ms('ev.ts')} <= ${t}.decision_ms AND ${ms('ev.ts')} > ${t}.decision_ms - ${longest}`;
  const columns = (t: string) =>
    `${t}.entity_id, ${t}.decision_ms, ev.seq, ev.event, ev.ts, coalesce(ev.user_id, ev.anonymous_id) AS user_key, ev.properties`;
  const byKey = `SELECT ${columns('k')} FROM cal_keys k
      JOIN events ev ON ev.workspace_id = $1 AND coalesce(ev.user_id, ev.anonymous_id) = k.entity_key
      WHERE ${counted} AND ${inWindow('k')} ${excluded}`;
  const tagged = `SELECT ${columns('e')} FROM cal_entities e
      JOIN events ev ON ev.workspace_id = $1 AND ev.group_id = e.entity_id
      WHERE ${counted} AND ${inWindow('e')} ${excluded}`;
  // UNION (not ALL): an account's event reached both ways counts once.
  const rows = request.entityType === 'account' ? `${byKey} UNION ${tagged}` : byKey;
  return `SELECT r.entity_id, r.event, r.properties, r.decision_ms - ${ms('r.ts')} AS age_ms, CAST(r.ts AS DATE) AS day,
      CASE WHEN fl.ts_ms <= r.decision_ms THEN fl.user_id ELSE r.user_key END AS user_id
    FROM (${rows}) r
    LEFT JOIN cal_first_links fl ON fl.from_id = r.user_key`;
}
