/**
 * Candidate signals from traits alone, for lead tables with no events (issue 5: "a lead table is a
 * legitimate input"). Each entity with an outcome is a row, decided at the time its traits were set
 * (the earliest trait time, else just before its first outcome); the label is a `won` outcome.
 * Numeric traits become `gte` cuts at quartiles and the 90th percentile; other traits become `eq`
 * on their frequent values. Every candidate carries its signal body for the proposed definition.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FeatureColumn, FeatureMatrix } from '../learn/feature-matrix.ts';
import type { JsonObject, JsonValue } from '../lib/json.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { EntityType } from '../model/dataset.ts';
import { jsonCell } from '../store/duckdb/cells.ts';

const MAX_VALUES_PER_TRAIT = 8;
const MIN_SUPPORT = 0.01;

interface Row {
  readonly id: string;
  readonly decisionTime: number;
  readonly label: 0 | 1;
  readonly traits: Map<string, JsonValue>;
}

export async function traitFeatureMatrix(
  conn: DuckDBConnection,
  workspaceId: string,
  entityType: EntityType,
): Promise<Result<FeatureMatrix, { code: string; message: string }>> {
  const rows = await loadRows(conn, workspaceId, entityType);
  if (rows.length === 0) {
    return err({ code: 'no-outcomes', message: `No ${entityType} has both traits and a won/lost outcome.` });
  }
  const keys = [...new Set(rows.flatMap((r) => [...r.traits.keys()]))].sort();
  const features: FeatureColumn[] = keys.flatMap((key) => candidatesFor(key, rows));
  return ok({
    entityIds: rows.map((r) => r.id),
    decisionTimes: Float64Array.from(rows, (r) => r.decisionTime),
    features,
    labels: Uint8Array.from(rows, (r) => r.label),
  });
}

async function loadRows(conn: DuckDBConnection, ws: string, type: EntityType): Promise<Row[]> {
  // Latest value of each trait at or before the decision time; one row per entity with an outcome.
  const reader = await conn.runAndReadAll(
    `WITH labelled AS (
       SELECT entity_id, bool_or(type = 'won') AS won, min(ts) AS first_outcome
       FROM outcomes WHERE workspace_id = $1 AND entity_type = $2 AND type IN ('won', 'lost') GROUP BY entity_id
     ), decided AS (
       SELECT l.entity_id, l.won,
              coalesce(min(t.ts), l.first_outcome - INTERVAL 1 MILLISECOND) AS decision_time
       FROM labelled l LEFT JOIN traits t
         ON t.workspace_id = $1 AND t.entity_type = $2 AND t.entity_id = l.entity_id
       GROUP BY l.entity_id, l.won, l.first_outcome
     ), latest AS (
       SELECT t.entity_id, t.key, t.value,
              row_number() OVER (PARTITION BY t.entity_id, t.key ORDER BY t.ts DESC NULLS LAST, t.seq DESC) AS rn
       FROM traits t JOIN decided d ON d.entity_id = t.entity_id
       WHERE t.workspace_id = $1 AND t.entity_type = $2 AND (t.ts IS NULL OR t.ts <= d.decision_time)
     )
     SELECT d.entity_id, epoch_ms(d.decision_time), d.won, l.key, l.value
     FROM decided d LEFT JOIN latest l ON l.entity_id = d.entity_id AND l.rn = 1
     ORDER BY d.entity_id`,
    [ws, type],
  );
  const byId = new Map<string, Row>();
  for (const [id, at, won, key, value] of reader.getRows()) {
    const entityId = String(id);
    let row = byId.get(entityId);
    if (row === undefined) {
      row = { id: entityId, decisionTime: Number(at), label: won === true ? 1 : 0, traits: new Map() };
      byId.set(entityId, row);
    }
    if (key !== null) row.traits.set(String(key), jsonCell(value));
  }
  return [...byId.values()];
}

function candidatesFor(key: string, rows: readonly Row[]): FeatureColumn[] {
  const present = rows.map((r) => r.traits.get(key)).filter((v) => v !== undefined && v !== null);
  if (present.length === 0) return [];
  const numbers = present.filter((v): v is number => typeof v === 'number');
  if (numbers.length === present.length) {
    const sorted = numbers.sort((a, b) => a - b);
    const cuts = [0.25, 0.5, 0.75, 0.9].map((q) => sorted[Math.floor(q * (sorted.length - 1))] ?? 0);
    return [...new Set(cuts)].map((cut) =>
      column(
        `${slug(key)}_gte_${slug(String(cut))}`,
        `${key} ≥ ${cut}`,
        { trait: key, gte: cut },
        rows,
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
  return [...counts.values()]
    .filter((c) => c.n >= MIN_SUPPORT * rows.length && c.n < rows.length)
    .sort((a, b) => b.n - a.n)
    .slice(0, MAX_VALUES_PER_TRAIT)
    .map(({ value }) =>
      column(
        `${slug(key)}_is_${slug(String(value))}`,
        `${key} is ${value}`,
        { trait: key, eq: value },
        rows,
        (v) => v === value,
      ),
    );
}

function column(
  name: string,
  label: string,
  signal: JsonObject,
  rows: readonly Row[],
  holds: (value: JsonValue | undefined) => boolean,
): FeatureColumn {
  const key = String(signal.trait);
  return {
    name,
    label,
    kind: 'boolean',
    signal: { label, ...signal },
    values: Float64Array.from(rows, (r) => (holds(r.traits.get(key)) ? 1 : 0)),
  };
}

/** Signal names are `[a-z0-9_]+`. */
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/-/g, 'minus_')
    .replace(/\./g, 'p')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '') || 'x';
