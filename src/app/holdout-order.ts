/**
 * The ordering column of `kindling calibrate --holdout-by <trait>`: each row's latest value of that
 * trait, as a number (a number as it is; an ISO-8601 time as epoch ms). Rows without a usable
 * value are NaN (the holdout rule puts them first, in training).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseIsoTimestamp } from '../collect/timestamp.ts';
import type { EntityType } from '../model/dataset.ts';
import { jsonCell } from '../store/duckdb/cells.ts';

export async function holdoutOrder(
  conn: DuckDBConnection,
  request: { readonly workspaceId: string; readonly entityType: EntityType; readonly trait: string },
  entityIds: readonly string[],
): Promise<{ values: Float64Array; missing: number }> {
  const reader = await conn.runAndReadAll(
    `SELECT entity_id, value FROM (
       SELECT entity_id, value,
         row_number() OVER (PARTITION BY entity_id ORDER BY ts DESC NULLS LAST, seq DESC) AS trait_rank
       FROM traits WHERE workspace_id = $ws AND entity_type = $type AND key = $key)
     WHERE trait_rank = 1`,
    { ws: request.workspaceId, type: request.entityType, key: request.trait },
  );
  const byId = new Map<string, number>();
  const [ids = [], cells = []] = reader.getColumns();
  for (let r = 0; r < ids.length; r++) {
    const value = jsonCell(cells[r]);
    const ordered =
      typeof value === 'number' ? value : typeof value === 'string' ? parseIsoTimestamp(value) : null;
    if (ordered !== null && Number.isFinite(ordered)) byId.set(String(ids[r]), ordered);
  }
  const values = Float64Array.from(entityIds, (id) => byId.get(id) ?? Number.NaN);
  return { values, missing: values.filter((v) => Number.isNaN(v)).length };
}
