/**
 * Writes the deliveries of one alert on a connection the caller chooses, so that the qualification
 * and its deliveries can later commit in one transaction. One statement: atomic on its own too.
 */
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Alert } from '../deliver/alert.ts';
import { deliveryKey } from '../deliver/destination.ts';

export function newDeliveryId(): string {
  return `dlv_${randomBytes(8).toString('hex')}`;
}

/** Returns the ids of the deliveries created; destinations that already hold this alert are skipped. */
export async function enqueueDeliveries(
  conn: DuckDBConnection,
  alert: Alert,
  destinations: readonly string[],
  now: number,
): Promise<string[]> {
  const unique = [...new Set(destinations)];
  if (unique.length === 0) return [];
  const payload = JSON.stringify(alert);
  const params: DuckDBValue[] = [alert.workspaceId, alert.id, alert.entityType, alert.entityId, payload, now];
  // $1..$6 are shared by every row; each destination adds its id, name and idempotency key.
  const rows = unique.map((destination) => {
    const at = params.length;
    params.push(newDeliveryId(), destination, deliveryKey(alert.id, destination));
    const ts = 'make_timestamp($6::BIGINT * 1000)';
    return `($${at + 1}, $1, $2, $${at + 2}, $3, $4, $${at + 3}, $5, 'pending', 0, ${ts}, NULL, NULL, ${ts}, ${ts}, NULL)`;
  });
  const reader = await conn.runAndReadAll(
    `INSERT INTO deliveries (id, workspace_id, alert_id, destination, entity_type, entity_id, idempotency_key,
       payload, status, attempts, next_attempt_at, last_status, last_detail, created_at, updated_at, delivered_at)
     VALUES ${rows.join(', ')}
     ON CONFLICT DO NOTHING RETURNING id`,
    params,
  );
  return reader.getRows().map(([id]) => String(id));
}
