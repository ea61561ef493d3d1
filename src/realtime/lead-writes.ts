/**
 * Changes to leads that follow from what happened after an alert: a first touch (an outcome of type
 * contacted, meeting, opportunity, won or lost) stops the lead's SLA clock; a lead still untouched
 * when its SLA falls due is marked breached.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { OutcomeRow, OutcomeType } from '../store/store.ts';
import { tsFromMs } from './sql-values.ts';

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
  conn: DuckDBConnection,
  workspaceId: string,
  outcomes: readonly OutcomeRow[],
): Promise<LeadKey[]> {
  const changed: LeadKey[] = [];
  for (const o of outcomes) {
    if (!TOUCH_OUTCOMES.has(o.type)) continue;
    const reader = await conn.runAndReadAll(
      `UPDATE leads SET contacted_at = ${tsFromMs('$4')}, updated_at = ${tsFromMs('$4')},
         status = CASE WHEN status IN ('open', 'snoozed') THEN 'contacted' ELSE status END
       WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3 AND contacted_at IS NULL
         AND opened_at <= ${tsFromMs('$4')}
       RETURNING entity_type, entity_id`,
      [workspaceId, o.entityType, o.entityId, o.timestamp],
    );
    for (const [type, id] of reader.getRows())
      changed.push({ entityType: String(type), entityId: String(id) });
  }
  return changed;
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

const BREACHED_COLUMNS = 'entity_type, entity_id, qualification_id, owner, team, rule, epoch_ms(sla_due_at)';

/** Open leads whose SLA fell due before `now` without a touch; marks them breached and returns them. */
export async function markBreaches(
  conn: DuckDBConnection,
  workspaceId: string,
  now: number,
): Promise<BreachedLead[]> {
  const reader = await conn.runAndReadAll(
    `UPDATE leads SET breached_at = ${tsFromMs('$2')}, updated_at = ${tsFromMs('$2')}
     WHERE workspace_id = $1 AND status = 'open' AND contacted_at IS NULL AND breached_at IS NULL
       AND sla_due_at IS NOT NULL AND sla_due_at < ${tsFromMs('$2')}
     RETURNING ${BREACHED_COLUMNS}`,
    [workspaceId, now],
  );
  return breachedLeads(reader.getRows());
}

/** Breached leads still open, untouched and not yet escalated: escalation may act on them now or later. */
export async function awaitingEscalation(
  conn: DuckDBConnection,
  workspaceId: string,
): Promise<BreachedLead[]> {
  const reader = await conn.runAndReadAll(
    `SELECT ${BREACHED_COLUMNS} FROM leads WHERE workspace_id = $1 AND status = 'open' AND contacted_at IS NULL
       AND breached_at IS NOT NULL AND escalated_to IS NULL ORDER BY sla_due_at`,
    [workspaceId],
  );
  return breachedLeads(reader.getRows());
}

function breachedLeads(rows: readonly (readonly unknown[])[]): BreachedLead[] {
  return rows.map(([type, id, qualification, owner, team, rule, due]) => ({
    entityType: type === 'user' ? 'user' : 'account',
    entityId: String(id),
    qualificationId: String(qualification),
    owner: owner === null ? null : String(owner),
    team: team === null ? null : String(team),
    rule: rule === null ? null : String(rule),
    slaDueAt: Number(due),
  }));
}
