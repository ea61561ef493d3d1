/**
 * Reads what `routeQualification` needs from the store's database, on either back end (plain SQL
 * over a `SqlClient`; the real-time engine passes its transaction's client): the
 * entity's lead (its owner), every owner's open leads and last assignment, the entity's last
 * alerted qualification (shadow ones excluded), the do-not-contact entry matching its e-mail or
 * domain (an e-mail entry first; a domain entry covers subdomains), and its latest churn.
 *
 * Conventions it relies on (the real-time writer's): a lead is open while `leads.status = 'open'`;
 * an alerted qualification has `qualifications.status = 'alerted'`; owners are stored lower-case.
 */
import type { SqlClient, SqlParam, SqlRow } from '../lib/sql-client.ts';
import { emailDomain } from '../score/reference/free-email.ts';
import type { LastAlert, LeadFacts, RoutingState, SuppressionMatch } from './routing-types.ts';
import { normalizeDomain } from './suppression.ts';
import { domainAndParents } from './suppressions/suppression-entry.ts';

export const OPEN_LEAD_STATUS = 'open';
export const ALERTED_STATUS = 'alerted';

interface LeadOwnerRow extends SqlRow {
  readonly owner: string | null;
  readonly owner_name: string | null;
  readonly team: string | null;
}

interface WorkloadRow extends SqlRow {
  readonly owner: string;
  readonly open_leads: number;
  readonly last_assigned_at: number | null;
}

interface AlertRow extends SqlRow {
  readonly tier: string | null;
  readonly hand_raiser: boolean;
  readonly as_of: number;
}

interface SuppressionRow extends SqlRow {
  readonly kind: string;
  readonly value: string;
  readonly reason: string | null;
}

export async function loadRoutingState(
  client: SqlClient,
  workspaceId: string,
  entityType: string,
  entityId: string,
  facts: Pick<LeadFacts, 'email' | 'domain' | 'asOf' | 'accountId'>,
): Promise<RoutingState> {
  const entity = [workspaceId, entityType, entityId];

  const [lead] = await client.query<LeadOwnerRow>(
    'SELECT owner, owner_name, team FROM leads WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3',
    entity,
  );
  const existingOwner =
    lead === undefined || lead.owner === null
      ? null
      : { email: lead.owner.toLowerCase(), name: lead.owner_name, team: lead.team };

  const openLeadsByOwner = new Map<string, number>();
  const lastAssignedAtByOwner = new Map<string, number>();
  const workload = await client.query<WorkloadRow>(
    `SELECT lower(owner) AS owner, count(*) FILTER (WHERE status = $2) AS open_leads,
       max(assigned_at) AS last_assigned_at
     FROM leads WHERE workspace_id = $1 AND owner IS NOT NULL GROUP BY lower(owner)`,
    [workspaceId, OPEN_LEAD_STATUS],
  );
  for (const row of workload) {
    openLeadsByOwner.set(row.owner, Number(row.open_leads));
    if (row.last_assigned_at !== null) lastAssignedAtByOwner.set(row.owner, Number(row.last_assigned_at));
  }

  const [alert] = await client.query<AlertRow>(
    `SELECT tier, hand_raiser, as_of FROM qualifications
     WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3 AND status = $4 AND NOT shadow
     ORDER BY as_of DESC, seq DESC LIMIT 1`,
    [...entity, ALERTED_STATUS],
  );
  const lastAlert: LastAlert | null =
    alert === undefined
      ? null
      : { tier: alert.tier, handRaiser: alert.hand_raiser === true, at: Number(alert.as_of) };

  const [churn] = await client.query<{ churned_at: number | null }>(
    `SELECT max(ts) AS churned_at FROM outcomes WHERE workspace_id = $1 AND type = 'churned'
       AND ts <= ${client.sql.at(4)}
       AND ((entity_type = $2 AND entity_id = $3) OR (entity_type = 'account' AND entity_id = CAST($5 AS TEXT)))`,
    [...entity, facts.asOf, facts.accountId ?? null],
  );
  const churnedAt = churn?.churned_at ?? null;

  return {
    existingOwner,
    lastAlert,
    openLeadsByOwner,
    lastAssignedAtByOwner,
    suppression: await findSuppressionEntry(client, workspaceId, facts),
    churnedAt: churnedAt === null ? null : Number(churnedAt),
  };
}

async function findSuppressionEntry(
  client: SqlClient,
  workspaceId: string,
  facts: Pick<LeadFacts, 'email' | 'domain'>,
): Promise<SuppressionMatch | null> {
  const email = facts.email?.trim().toLowerCase() || null;
  const domains = [emailDomain(email), normalizeDomain(facts.domain)]
    .filter((d): d is string => d !== null)
    .flatMap(domainAndParents);
  if (email === null && domains.length === 0) return null;
  const params: SqlParam[] = [workspaceId, email, [...new Set(domains)]];
  // An e-mail entry first, then the longest (most specific) domain.
  const [row] = await client.query<SuppressionRow>(
    `SELECT kind, value, reason FROM suppressions WHERE workspace_id = $1
       AND ((kind = 'email' AND value = CAST($2 AS TEXT)) OR (kind = 'domain' AND ${client.sql.anyOf('value', 3)}))
     ORDER BY CASE WHEN kind = 'email' THEN 0 ELSE 1 END, length(value) DESC LIMIT 1`,
    params,
  );
  if (row === undefined) return null;
  return { kind: row.kind === 'email' ? 'email' : 'domain', value: row.value, reason: row.reason };
}
