/**
 * The ordering column of `kindling calibrate --holdout-by <trait>`: each row's latest value of that
 * trait, as a number (a number as it is; an ISO-8601 time as epoch ms). Rows without a usable
 * value are NaN (the holdout rule puts them first, in training).
 */
import { parseIsoTimestamp } from '../collect/timestamp.ts';
import type { JsonValue } from '../lib/json.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import type { EntityType } from '../model/dataset.ts';

export async function holdoutOrder(
  client: SqlClient,
  request: { readonly workspaceId: string; readonly entityType: EntityType; readonly trait: string },
  entityIds: readonly string[],
): Promise<{ values: Float64Array; missing: number }> {
  const latest = await client.query<{ entity_id: string; value: string | null }>(
    `SELECT entity_id, value FROM (
       SELECT entity_id, value,
         row_number() OVER (PARTITION BY entity_id ORDER BY ts DESC NULLS LAST, seq DESC) AS trait_rank
       FROM traits WHERE workspace_id = $1 AND entity_type = $2 AND key = $3) ranked
     WHERE trait_rank = 1`,
    [request.workspaceId, request.entityType, request.trait],
  );
  const byId = new Map<string, number>();
  for (const row of latest) {
    const value = row.value === null ? null : (JSON.parse(row.value) as JsonValue);
    const ordered =
      typeof value === 'number' ? value : typeof value === 'string' ? parseIsoTimestamp(value) : null;
    if (ordered !== null && Number.isFinite(ordered)) byId.set(row.entity_id, ordered);
  }
  const values = Float64Array.from(entityIds, (id) => byId.get(id) ?? Number.NaN);
  return { values, missing: values.filter((v) => Number.isNaN(v)).length };
}
