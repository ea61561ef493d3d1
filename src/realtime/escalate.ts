/**
 * Escalation of a lead whose SLA passed without a touch: routing says who takes over (the next
 * owner of the team, a manager) and which destinations hear about it; the engine records it on the
 * lead and sends the original alert again, re-addressed, through the outbox.
 */
import type { Alert } from '../deliver/alert.ts';
import { escalationAlert } from '../deliver/compose/escalation-alert.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import { enqueueDeliveries } from '../outbox/enqueue-deliveries.ts';
import type { BreachedLead } from './lead-writes.ts';
import type { Owner } from './routing-port.ts';

export interface Escalation {
  /** The new owner, or null to keep the current one. */
  readonly owner: Owner | null;
  /** The new due time when re-assigned; null keeps the current one. */
  readonly slaDueAt: number | null;
  /** For `leads.escalated_to`: who or what was told. */
  readonly escalatedTo: string;
  readonly destinations: readonly string[];
  /** Routing's reasoning in words, for people reading the lead; the alert words its own next action. */
  readonly note: string;
}

/** Decides inside the engine's transaction (it may read the leads table for workloads). */
export type Escalator = (tx: SqlClient, lead: BreachedLead, now: number) => Promise<Escalation | null>;

/** Returns how many deliveries were enqueued. Runs inside the caller's transaction. */
export async function escalate(
  tx: SqlClient,
  lead: BreachedLead,
  escalator: Escalator | null,
  now: number,
): Promise<number> {
  const escalation = escalator === null ? null : await escalator(tx, lead, now);
  if (escalation === null) return 0; // not yet (an `after:` delay), or nobody to escalate to
  const { sql } = tx;
  await tx.run(
    `UPDATE leads SET escalated_to = $4, sla_due_at = coalesce(${sql.at(9)}, sla_due_at),
       owner = coalesce(CAST($5 AS TEXT), owner),
       owner_name = CASE WHEN CAST($5 AS TEXT) IS NULL THEN owner_name ELSE CAST($6 AS TEXT) END,
       team = CASE WHEN CAST($5 AS TEXT) IS NULL THEN team ELSE CAST($7 AS TEXT) END,
       assigned_at = CASE WHEN CAST($5 AS TEXT) IS NULL THEN assigned_at ELSE ${sql.at(8)} END,
       updated_at = ${sql.at(8)}
     WHERE workspace_id = (SELECT workspace_id FROM qualifications WHERE id = $1)
       AND entity_type = $2 AND entity_id = $3`,
    [
      lead.qualificationId,
      lead.entityType,
      lead.entityId,
      escalation.escalatedTo,
      escalation.owner?.email ?? null,
      escalation.owner?.name ?? null,
      escalation.owner?.team ?? null,
      now,
      escalation.slaDueAt,
    ],
  );
  if (escalation.destinations.length === 0) return 0;
  const [first] = await tx.query<{ payload: string }>(
    'SELECT payload FROM deliveries WHERE alert_id = $1 ORDER BY seq LIMIT 1',
    [lead.qualificationId],
  );
  if (first === undefined) return 0; // never alerted: nothing to re-send
  const original = JSON.parse(first.payload) as Alert;
  const alert = escalationAlert(original, {
    id: `${lead.qualificationId}-escalation`,
    missedDueAt: lead.slaDueAt,
    newOwner: escalation.owner,
    newDueAt: escalation.slaDueAt,
    now,
  });
  return (await enqueueDeliveries(tx, alert, escalation.destinations, now)).length;
}
