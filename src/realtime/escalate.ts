/**
 * Escalation of a lead whose SLA passed without a touch: routing says who takes over (the next
 * owner of the team, a manager) and which destinations hear about it; the engine records it on the
 * lead and sends the original alert again, re-addressed, through the outbox.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Alert } from '../deliver/alert.ts';
import { escalationAlert } from '../deliver/compose/escalation-alert.ts';
import { enqueueDeliveries } from '../outbox/enqueue-deliveries.ts';
import { DuckDbClient } from '../store/duckdb/duckdb-client.ts';
import type { BreachedLead } from './lead-writes.ts';
import type { Owner } from './routing-port.ts';
import { tsFromMs } from './sql-values.ts';

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
export type Escalator = (
  conn: DuckDBConnection,
  lead: BreachedLead,
  now: number,
) => Promise<Escalation | null>;

/** Returns how many deliveries were enqueued. Runs inside the caller's transaction. */
export async function escalate(
  conn: DuckDBConnection,
  lead: BreachedLead,
  escalator: Escalator | null,
  now: number,
): Promise<number> {
  const escalation = escalator === null ? null : await escalator(conn, lead, now);
  if (escalation === null) return 0; // not yet (an `after:` delay), or nobody to escalate to
  await conn.run(
    `UPDATE leads SET escalated_to = $4, sla_due_at = coalesce(${tsFromMs('$9')}, sla_due_at),
       owner = coalesce($5, owner), owner_name = CASE WHEN $5 IS NULL THEN owner_name ELSE $6 END,
       team = CASE WHEN $5 IS NULL THEN team ELSE $7 END,
       assigned_at = CASE WHEN $5 IS NULL THEN assigned_at ELSE ${tsFromMs('$8')} END,
       updated_at = ${tsFromMs('$8')}
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
  const reader = await conn.runAndReadAll(
    'SELECT payload FROM deliveries WHERE alert_id = $1 ORDER BY seq LIMIT 1',
    [lead.qualificationId],
  );
  const payload = reader.getRows()[0]?.[0];
  if (payload === undefined || payload === null) return 0; // never alerted: nothing to re-send
  const original = JSON.parse(String(payload)) as Alert;
  const alert = escalationAlert(original, {
    id: `${lead.qualificationId}-escalation`,
    missedDueAt: lead.slaDueAt,
    newOwner: escalation.owner,
    newDueAt: escalation.slaDueAt,
    now,
  });
  return (await enqueueDeliveries(new DuckDbClient(conn), alert, escalation.destinations, now)).length;
}
