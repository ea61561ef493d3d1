/** Reading a `deliveries` row back into a `DeliveryRecord`. */
import type { DuckDBValue } from '@duckdb/node-api';
import type { Alert } from '../deliver/alert.ts';
import { DELIVERY_STATUSES, type DeliveryRecord } from './outbox-store.ts';

/** Timestamps come back as epoch ms, so the record needs no DuckDB types. */
export const DELIVERY_COLUMNS = `id, workspace_id, alert_id, destination, entity_type, entity_id, idempotency_key,
  payload, status, attempts, epoch_ms(next_attempt_at), last_status, last_detail, epoch_ms(created_at),
  epoch_ms(updated_at), epoch_ms(delivered_at)`;

const text = (value: DuckDBValue | undefined): string => String(value);
const numberOrNull = (value: DuckDBValue | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);
const textOrNull = (value: DuckDBValue | undefined): string | null =>
  value === null || value === undefined ? null : String(value);

export function toDeliveryRecord(row: readonly DuckDBValue[]): DeliveryRecord {
  const [id, workspaceId, alertId, destination, entityType, entityId, key, payload, status, attempts] = row;
  const [nextAttemptAt, lastStatus, lastDetail, createdAt, updatedAt, deliveredAt] = row.slice(10);
  const known = DELIVERY_STATUSES.find((candidate) => candidate === status);
  if (known === undefined) throw new Error(`delivery ${text(id)} has unknown status ${text(status)}`);
  // The payload was written by enqueueDeliveries from an Alert; the table is ours, not a trust boundary.
  const alert: Alert = JSON.parse(text(payload));
  return {
    id: text(id),
    workspaceId: text(workspaceId),
    alertId: text(alertId),
    destination: text(destination),
    entityType: text(entityType),
    entityId: text(entityId),
    idempotencyKey: text(key),
    alert,
    status: known,
    attempts: Number(attempts),
    nextAttemptAt: numberOrNull(nextAttemptAt),
    lastStatus: numberOrNull(lastStatus),
    lastDetail: textOrNull(lastDetail),
    createdAt: Number(createdAt),
    updatedAt: Number(updatedAt),
    deliveredAt: numberOrNull(deliveredAt),
  };
}
