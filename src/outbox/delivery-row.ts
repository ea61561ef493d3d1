/** Reading a `deliveries` row back into a `DeliveryRecord`, the same on every back end. */
import type { Alert } from '../deliver/alert.ts';
import type { SqlRow } from '../lib/sql-client.ts';
import { DELIVERY_STATUSES, type DeliveryRecord } from './outbox-store.ts';

/** Timestamps come back as epoch ms from either back end, so the record needs no database types. */
export const DELIVERY_COLUMNS = `id, seq, workspace_id, alert_id, destination, entity_type, entity_id,
  idempotency_key, payload, status, attempts, next_attempt_at, last_status, last_detail, created_at,
  updated_at, delivered_at`;

export interface DeliveryRow extends SqlRow {
  readonly id: string;
  readonly seq: number;
  readonly workspace_id: string;
  readonly alert_id: string;
  readonly destination: string;
  readonly entity_type: string;
  readonly entity_id: string;
  readonly idempotency_key: string;
  readonly payload: string;
  readonly status: string;
  readonly attempts: number;
  readonly next_attempt_at: number | null;
  readonly last_status: number | null;
  readonly last_detail: string | null;
  readonly created_at: number;
  readonly updated_at: number;
  readonly delivered_at: number | null;
}

export function toDeliveryRecord(row: DeliveryRow): DeliveryRecord {
  const status = DELIVERY_STATUSES.find((candidate) => candidate === row.status);
  if (status === undefined) throw new Error(`delivery ${row.id} has unknown status ${row.status}`);
  // The payload was written by enqueueDeliveries from an Alert; the table is ours, not a trust boundary.
  const alert: Alert = JSON.parse(row.payload);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    alertId: row.alert_id,
    destination: row.destination,
    entityType: row.entity_type,
    entityId: row.entity_id,
    idempotencyKey: row.idempotency_key,
    alert,
    status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastDetail: row.last_detail,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
  };
}
