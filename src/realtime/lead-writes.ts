/**
 * Changes to leads that follow from what happened after an alert: a first touch (an outcome of type
 * contacted, meeting, opportunity, won or lost) stops the lead's SLA clock; a lead still untouched
 * when its SLA falls due is marked breached. Plain SQL over a `SqlClient`, on either back end.
 */
import type { SqlClient, SqlRow } from '../lib/sql-client.ts';
import type { OutcomeRow, OutcomeType } from '../store/store.ts';

/** Outcomes that prove someone reached out: each stops the SLA clock. */
export const TOUCH_OUTCOMES: ReadonlySet<OutcomeType> = new Set([
  'contacted',
  'meeting',
  'opportunity',
  'won',
  'lost',
]);

export interface LeadKey {
  readonly entityType: string;
  readonly entityId: string;
}

/**
 * Marks each lead's first touch. Returns the leads that changed. A touch before the lead was
 * opened (an outcome about an earlier lead) does not count for this one.
 */
export async function applyTouches(
  client: SqlClient,
  workspaceId: string,
  outcomes: readonly OutcomeRow[],
): Promise<LeadKey[]> {
  const changed: LeadKey[] = [];
  const at = client.sql.at(4);
  for (const o of outcomes) {
    if (!TOUCH_OUTCOMES.has(o.type)) continue;
    const rows = await client.query<LeadKeyRow>(
      `UPDATE leads SET contacted_at = ${at}, updated_at = ${at},
         status = CASE WHEN status IN ('open', 'snoozed') THEN 'contacted' ELSE status END
       WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3 AND contacted_at IS NULL
         AND opened_at <= ${at}
       RETURNING entity_type, entity_id`,
      [workspaceId, o.entityType, o.entityId, o.timestamp],
    );
    for (const row of rows) changed.push({ entityType: row.entity_type, entityId: row.entity_id });
  }
  return changed;
}

interface LeadKeyRow extends SqlRow {
  readonly entity_type: string;
  readonly entity_id: string;
}

export interface BreachedLead {
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly qualificationId: string;
  readonly owner: string | null;
  readonly team: string | null;
  readonly rule: string | null;
  readonly slaDueAt: number;
}

const BREACHED_COLUMNS = 'entity_type, entity_id, qualification_id, owner, team, rule, sla_due_at';

interface BreachedRow extends LeadKeyRow {
  readonly qualification_id: string;
  readonly owner: string | null;
  readonly team: string | null;
  readonly rule: string | null;
  readonly sla_due_at: number;
}

/** Open leads whose SLA fell due before `now` without a touch; marks them breached and returns them. */
export async function markBreaches(
  client: SqlClient,
  workspaceId: string,
  now: number,
): Promise<BreachedLead[]> {
  const at = client.sql.at(2);
  const rows = await client.query<BreachedRow>(
    `UPDATE leads SET breached_at = ${at}, updated_at = ${at}
     WHERE workspace_id = $1 AND status = 'open' AND contacted_at IS NULL AND breached_at IS NULL
       AND sla_due_at IS NOT NULL AND sla_due_at < ${at}
     RETURNING ${BREACHED_COLUMNS}`,
    [workspaceId, now],
  );
  return rows.map(breachedLead);
}

/** Breached leads still open, untouched and not yet escalated: escalation may act on them now or later. */
export async function awaitingEscalation(client: SqlClient, workspaceId: string): Promise<BreachedLead[]> {
  const rows = await client.query<BreachedRow>(
    `SELECT ${BREACHED_COLUMNS} FROM leads WHERE workspace_id = $1 AND status = 'open' AND contacted_at IS NULL
       AND breached_at IS NOT NULL AND escalated_to IS NULL ORDER BY sla_due_at`,
    [workspaceId],
  );
  return rows.map(breachedLead);
}

function breachedLead(row: BreachedRow): BreachedLead {
  return {
    entityType: row.entity_type === 'user' ? 'user' : 'account',
    entityId: row.entity_id,
    qualificationId: row.qualification_id,
    owner: row.owner,
    team: row.team,
    rule: row.rule,
    slaDueAt: Number(row.sla_due_at),
  };
}
