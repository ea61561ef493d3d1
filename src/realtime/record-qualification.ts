/**
 * Writes one qualification with everything that follows from it, through the client of the caller's
 * transaction (the engine's pass): the immutable receipt row with its routing decision, the lead in
 * the sales queue, and the outbox deliveries. They commit together or not at all, so an alert is
 * never sent for a qualification that was not recorded, nor lost for one that was. Plain SQL over a
 * `SqlClient`: the same on either back end.
 */
import type { Alert } from '../deliver/alert.ts';
import type { SqlClient, SqlParam } from '../lib/sql-client.ts';
import {
  type DeliveryClaim,
  enqueueClaimedDeliveries,
  enqueueDeliveries,
} from '../outbox/enqueue-deliveries.ts';
import type { DeliveryRecord } from '../outbox/outbox-store.ts';
import type { Receipt } from '../score/explain/receipt.ts';
import { crashPoint } from './crash-point.ts';
import type { RouteDecision } from './routing-port.ts';
import type { TransitionKind } from './tier-transition.ts';
import type { Trigger } from './touched-ids.ts';

/** What the `status` column says routing did. */
export type QualificationStatus = 'alerted' | 'suppressed' | 'cooldown' | 'recorded' | 'shadow';

export interface QualificationRow {
  readonly id: string;
  readonly workspaceId: string;
  readonly definitionName: string;
  readonly definitionVersion: string;
  readonly shadow: boolean;
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly kind: TransitionKind;
  readonly asOf: number;
  readonly createdAt: number;
  readonly score: number;
  readonly tier: string | null;
  readonly previousTier: string | null;
  readonly handRaiser: boolean;
  readonly trigger: Trigger | null;
  readonly receipt: Receipt | null;
  readonly status: QualificationStatus;
  readonly decision: RouteDecision | null;
}

export function statusOf(
  row: Pick<QualificationRow, 'shadow' | 'kind'>,
  decision: RouteDecision | null,
): QualificationStatus {
  if (row.shadow) return 'shadow';
  if (row.kind === 'downgraded' || decision === null) return 'recorded';
  switch (decision.status) {
    case 'alert':
      return 'alerted';
    case 'suppressed':
      return 'suppressed';
    case 'cooldown':
      return 'cooldown';
    case 'no-alert':
      return 'recorded';
  }
}

/** When a destination's next digest goes out (null: it takes none); see LiveDefinition.digestAt. */
export type DigestClock = (destination: string, after: number) => number | null;

/** The deliveries a qualification enqueued. */
export interface RecordedDeliveries {
  /** The ids of those due now (digest rows wait for their digest and are not counted). */
  readonly due: readonly string[];
  /** Those of them claimed with `claim`, for the caller to send once it commits. */
  readonly claimed: readonly DeliveryRecord[];
}

const NONE: RecordedDeliveries = { due: [], claimed: [] };

/**
 * Call with a transaction's client (`client.transaction(tx => recordQualification(tx, …))`).
 * `claim`: the deliveries due now are claimed for the caller's node where they are their entity's
 * next at their destination (`enqueueClaimedDeliveries`); without one they wait for the worker.
 */
export async function recordQualification(
  tx: SqlClient,
  row: QualificationRow,
  alert: Alert | null,
  options: { readonly digestAt?: DigestClock; readonly claim?: DeliveryClaim | null } = {},
): Promise<RecordedDeliveries> {
  await insertQualification(tx, row);
  crashPoint('qualification-written');
  if (row.shadow) return NONE;
  if (row.kind === 'downgraded') {
    await tx.run(
      `UPDATE leads SET tier = $4, score = $5, updated_at = ${tx.sql.at(6)}
       WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3`,
      [row.workspaceId, row.entityType, row.entityId, row.tier, row.score, row.createdAt],
    );
    return NONE;
  }
  await upsertLead(tx, row);
  crashPoint('lead-written');
  const decision = row.decision;
  if (alert === null || decision === null || decision.status !== 'alert') return NONE;
  // The alert's id was made for this qualification: nothing holds it yet.
  const { claim } = options;
  const recorded =
    claim === undefined || claim === null
      ? {
          ids: await enqueueDeliveries(tx, alert, decision.destinations, row.createdAt, { fresh: true }),
          claimed: [],
        }
      : await enqueueClaimedDeliveries(tx, alert, decision.destinations, row.createdAt, claim);
  for (const destination of decision.digestDestinations) {
    const dueAt = options.digestAt?.(destination, row.createdAt) ?? row.createdAt;
    await enqueueDeliveries(tx, alert, [destination], row.createdAt, {
      status: 'digest',
      dueAt,
    });
  }
  crashPoint('deliveries-written');
  return { due: recorded.ids, claimed: recorded.claimed };
}

async function insertQualification(tx: SqlClient, row: QualificationRow): Promise<void> {
  const d = row.decision;
  const at = (n: number) => tx.sql.at(n);
  const params: SqlParam[] = [
    row.id,
    row.workspaceId,
    row.definitionName,
    row.definitionVersion,
    row.shadow,
    row.entityType,
    row.entityId,
    row.kind,
    row.asOf,
    row.createdAt,
    row.score,
    row.tier,
    row.previousTier,
    row.handRaiser,
    row.trigger?.event ?? null,
    row.trigger?.at ?? null,
    row.receipt === null ? null : JSON.stringify(row.receipt),
    row.status,
    d?.reason ?? null,
    d?.rule ?? null,
    d?.owner?.email ?? null,
    d?.owner?.team ?? null,
    d === null ? null : JSON.stringify({ now: d.destinations, digest: d.digestDestinations }),
    d?.slaDueAt ?? null,
  ];
  await tx.run(
    `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type,
       entity_id, kind, as_of, created_at, score, tier, previous_tier, hand_raiser, trigger_event, trigger_at,
       receipt, status, reason, rule, owner, team, destinations, sla_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${at(9)}, ${at(10)}, $11, $12, $13, $14, $15,
       ${at(16)}, $17, $18, $19, $20, $21, $22, $23, ${at(24)})`,
    params,
  );
}

/** Lead status in the queue for each routing outcome of a qualification. */
const LEAD_STATUS: Record<RouteDecision['status'], string> = {
  alert: 'open',
  suppressed: 'suppressed',
  cooldown: 'open',
  'no-alert': 'no-action',
};

/**
 * An alert opens (or reopens) the lead with its owner and SLA; a cooldown only refreshes tier and
 * score; a suppression or a no-alert rule records the lead without an SLA.
 *
 * The lead is updated, and inserted only when there was none: DuckDB's `ON CONFLICT DO UPDATE` took
 * 5.6 ms idle against 1.4 + 1.3 for the update and the insert, and 12–110 ms of an alert's pass
 * under the goal load of issue 16. Only this function inserts leads, and a pass records only the
 * entities its node holds, so no other writer can insert the same lead between the two.
 */
async function upsertLead(tx: SqlClient, row: QualificationRow): Promise<void> {
  const d = row.decision;
  if (d === null) return;
  const at = (n: number) => tx.sql.at(n);
  const key: SqlParam[] = [row.workspaceId, row.entityType, row.entityId];
  const refresh: SqlParam[] = [...key, row.id, row.tier, row.score, row.createdAt];
  const refreshed = `qualification_id = $4, tier = $5, score = $6, updated_at = ${at(7)}`;
  const where = 'WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3';
  const owner = d.owner?.email ?? null;
  const opened: SqlParam[] = [
    ...refresh,
    d.rule,
    owner,
    d.owner?.name ?? null,
    d.owner?.team ?? null,
    LEAD_STATUS[d.status],
    d.slaDueAt,
  ];
  const updated =
    d.status === 'cooldown'
      ? await tx.run(`UPDATE leads SET ${refreshed} ${where}`, refresh)
      : await tx.run(
          `UPDATE leads SET ${refreshed}, rule = $8, owner = $9, owner_name = $10, team = $11, status = $12,
             sla_due_at = ${at(13)},
             assigned_at = CASE WHEN owner IS NOT DISTINCT FROM CAST($9 AS TEXT) THEN assigned_at
                                WHEN CAST($9 AS TEXT) IS NULL THEN NULL ELSE ${at(7)} END,
             contacted_at = NULL, breached_at = NULL, escalated_to = NULL, snoozed_until = NULL,
             opened_at = ${at(7)}
           ${where}`,
          opened,
        );
  if (updated > 0) return;
  await tx.run(
    `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, tier, score, rule, owner, owner_name,
       team, assigned_at, status, sla_due_at, contacted_at, breached_at, escalated_to, snoozed_until, opened_at,
       updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $8, $9, $10, $11, CASE WHEN CAST($9 AS TEXT) IS NULL THEN NULL ELSE ${at(7)} END,
       $12, ${at(13)}, NULL, NULL, NULL, NULL, ${at(7)}, ${at(7)})`,
    opened,
  );
}
