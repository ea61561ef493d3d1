/**
 * Writes the deliveries of one alert through a client the caller chooses (a transaction's), so that the qualification
 * and its deliveries can later commit in one transaction. One statement: atomic on its own too.
 */
import { randomBytes } from 'node:crypto';
import type { Alert } from '../deliver/alert.ts';
import { deliveryKey } from '../deliver/destination.ts';
import type { SqlClient, SqlParam } from '../lib/sql-client.ts';
import { DELIVERY_COLUMNS, type DeliveryRow, toDeliveryRecord } from './delivery-row.ts';
import type { DeliveryRecord } from './outbox-store.ts';

export function newDeliveryId(): string {
  return `dlv_${randomBytes(8).toString('hex')}`;
}

/** A claim written with the rows: this node sends them itself, and holds them until `until` (epoch ms). */
export interface DeliveryClaim {
  readonly node: string;
  readonly until: number;
}

const COLUMNS = `id, workspace_id, alert_id, destination, entity_type, entity_id, idempotency_key, payload,
  status, attempts, next_attempt_at, last_status, last_detail, created_at, updated_at, delivered_at`;

/**
 * The parameters every row shares ($1..$8, then `shared`'s from $9) and one row per destination,
 * each adding its id, name and idempotency key; `extra(destinationParam)` appends a row's further
 * values.
 */
function deliveryRows(
  db: SqlClient,
  alert: Alert,
  destinations: readonly string[],
  now: number,
  options: {
    readonly status: 'pending' | 'digest';
    readonly dueAt: number;
    readonly shared?: readonly SqlParam[];
    readonly extra?: (destinationParam: number) => string;
  },
): { params: SqlParam[]; ids: string[]; rows: string[] } {
  const params: SqlParam[] = [
    alert.workspaceId,
    alert.id,
    alert.entityType,
    alert.entityId,
    JSON.stringify(alert),
    now,
    options.status,
    options.dueAt,
    ...(options.shared ?? []),
  ];
  const ids: string[] = [];
  const ts = db.sql.at(6);
  const due = db.sql.at(8);
  const rows = destinations.map((destination) => {
    const at = params.length;
    const id = newDeliveryId();
    ids.push(id);
    params.push(id, destination, deliveryKey(alert.id, destination));
    const extra = options.extra?.(at + 2) ?? '';
    return `($${at + 1}, $1, $2, $${at + 2}, $3, $4, $${at + 3}, $5, $7, 0, ${due}, NULL, NULL, ${ts}, ${ts}, NULL${extra})`;
  });
  return { params, ids, rows };
}

/**
 * Returns the ids of the deliveries created; destinations that already hold this alert are skipped.
 * `digest` rows wait, outside the worker's queue, for their destination's digest at `dueAt`
 * (digest-sender.ts); `pending` rows are due at `dueAt`, by default now.
 *
 * `fresh`: the caller made the alert's id for this call, so no destination can hold it yet. The
 * rows go in with a plain INSERT (a clash would fail the statement instead of skipping a row).
 * On DuckDB the conflict check and the returned rows cost more than the row: 4.6 against 1.8 ms
 * idle, and 17–80 ms of an alert's pass under the goal load of issue 16.
 */
export async function enqueueDeliveries(
  db: SqlClient,
  alert: Alert,
  destinations: readonly string[],
  now: number,
  options: { readonly status?: 'pending' | 'digest'; readonly dueAt?: number; readonly fresh?: boolean } = {},
): Promise<string[]> {
  const unique = [...new Set(destinations)];
  if (unique.length === 0) return [];
  const { params, ids, rows } = deliveryRows(db, alert, unique, now, {
    status: options.status ?? 'pending',
    dueAt: options.dueAt ?? now,
  });
  const insert = `INSERT INTO deliveries (${COLUMNS}) VALUES ${rows.join(', ')}`;
  if (options.fresh === true) {
    await db.run(insert, params);
    return ids;
  }
  const inserted = await db.query<{ id: string }>(`${insert} ON CONFLICT DO NOTHING RETURNING id`, params);
  return inserted.map((row) => row.id);
}

/**
 * Writes the deliveries of an alert whose id was made for this call (as `fresh` above), due now,
 * and claims for `claim` each one that is its entity's head at its destination (no earlier
 * delivery of that workspace, destination and entity still pending): the caller sends those itself
 * once its transaction commits (`DeliveryWorker.sendClaimed`), without the worker's claim statement
 * between the commit and the alert — on DuckDB under the goal load of issue 16 that claim took
 * 10–120 ms of the alert's time. The others wait for their turn in the worker's queue, so alerts
 * about one entity still go out in order. Returns every id written and the records claimed, as
 * they were written.
 */
export async function enqueueClaimedDeliveries(
  db: SqlClient,
  alert: Alert,
  destinations: readonly string[],
  now: number,
  claim: DeliveryClaim,
): Promise<{ readonly ids: string[]; readonly claimed: DeliveryRecord[] }> {
  const unique = [...new Set(destinations)];
  if (unique.length === 0) return { ids: [], claimed: [] };
  // Each row is claimed ($9, $10) unless an earlier delivery of its entity waits at its destination.
  const waits = (destination: number) => `EXISTS (SELECT 1 FROM deliveries AS earlier
      WHERE earlier.status = 'pending' AND earlier.workspace_id = $1 AND earlier.destination = $${destination}
        AND earlier.entity_type = $3 AND earlier.entity_id = $4)`;
  const { params, ids, rows } = deliveryRows(db, alert, unique, now, {
    status: 'pending',
    dueAt: now,
    shared: [claim.node, claim.until],
    extra: (destination) =>
      `, CASE WHEN ${waits(destination)} THEN NULL ELSE $9 END,
         CASE WHEN ${waits(destination)} THEN NULL ELSE ${db.sql.at(10)} END`,
  });
  // The rows come back as the worker's claim reads them (delivery-row.ts): the records it sends.
  const written = await db.query<DeliveryRow & { readonly claimed_by: string | null }>(
    `INSERT INTO deliveries (${COLUMNS}, claimed_by, claimed_until) VALUES ${rows.join(', ')}
     RETURNING ${DELIVERY_COLUMNS}, claimed_by`,
    params,
  );
  const claimed = written
    .filter((row) => row.claimed_by !== null)
    .sort((x, y) => x.seq - y.seq)
    .map(toDeliveryRecord);
  return { ids, claimed };
}
