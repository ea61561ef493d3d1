/**
 * Reads what `routeQualification` needs from the embedded database (migration 4's tables): the
 * entity's lead (its owner), every owner's open leads and last assignment, the entity's last
 * alerted qualification (shadow ones excluded), the do-not-contact entry matching its e-mail or
 * domain (an e-mail entry first; a domain entry covers subdomains), and its latest churn.
 *
 * Conventions it relies on (the real-time writer's): a lead is open while `leads.status = 'open'`;
 * an alerted qualification has `qualifications.status = 'alerted'`; owners are stored lower-case.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { emailDomain } from '../score/reference/free-email.ts';
import type { LastAlert, LeadFacts, RoutingState, SuppressionMatch } from './routing-types.ts';
import { normalizeDomain } from './suppression.ts';
import { domainAndParents } from './suppressions/suppression-entry.ts';

export const OPEN_LEAD_STATUS = 'open';
export const ALERTED_STATUS = 'alerted';

export async function loadRoutingState(
  conn: DuckDBConnection,
  workspaceId: string,
  entityType: string,
  entityId: string,
  facts: Pick<LeadFacts, 'email' | 'domain' | 'asOf' | 'accountId'>,
): Promise<RoutingState> {
  const rows = async (sql: string, params: DuckDBValue[]) =>
    (await conn.runAndReadAll(sql, params)).getRows();
  const entity = [workspaceId, entityType, entityId];

  const [lead] = await rows(
    'SELECT owner, owner_name, team FROM leads WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3',
    entity,
  );
  const owner = lead?.[0];
  const existingOwner =
    owner === null || owner === undefined
      ? null
      : { email: String(owner).toLowerCase(), name: text(lead?.[1]), team: text(lead?.[2]) };

  const openLeadsByOwner = new Map<string, number>();
  const lastAssignedAtByOwner = new Map<string, number>();
  const workload = await rows(
    `SELECT lower(owner), count(*) FILTER (WHERE status = $2), epoch_ms(max(assigned_at))
     FROM leads WHERE workspace_id = $1 AND owner IS NOT NULL GROUP BY lower(owner)`,
    [workspaceId, OPEN_LEAD_STATUS],
  );
  for (const [email, open, assignedAt] of workload) {
    openLeadsByOwner.set(String(email), Number(open));
    if (assignedAt !== null && assignedAt !== undefined)
      lastAssignedAtByOwner.set(String(email), Number(assignedAt));
  }

  const [alert] = await rows(
    `SELECT tier, hand_raiser, epoch_ms(as_of) FROM qualifications
     WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3 AND status = $4 AND NOT shadow
     ORDER BY as_of DESC, seq DESC LIMIT 1`,
    [...entity, ALERTED_STATUS],
  );
  const lastAlert: LastAlert | null =
    alert === undefined
      ? null
      : { tier: text(alert[0]), handRaiser: alert[1] === true, at: Number(alert[2]) };

  const churn = await rows(
    `SELECT epoch_ms(max(ts)) FROM outcomes WHERE workspace_id = $1 AND type = 'churned'
       AND ts <= make_timestamp($4::BIGINT * 1000)
       AND ((entity_type = $2 AND entity_id = $3) OR (entity_type = 'account' AND entity_id = $5))`,
    [...entity, facts.asOf, facts.accountId ?? null],
  );
  const churnedAt = churn[0]?.[0];

  return {
    existingOwner,
    lastAlert,
    openLeadsByOwner,
    lastAssignedAtByOwner,
    suppression: await findSuppressionEntry(rows, workspaceId, facts),
    churnedAt: churnedAt === null || churnedAt === undefined ? null : Number(churnedAt),
  };
}

async function findSuppressionEntry(
  rows: (sql: string, params: DuckDBValue[]) => Promise<DuckDBValue[][]>,
  workspaceId: string,
  facts: Pick<LeadFacts, 'email' | 'domain'>,
): Promise<SuppressionMatch | null> {
  const email = facts.email?.trim().toLowerCase() || null;
  const domains = [emailDomain(email), normalizeDomain(facts.domain)]
    .filter((d): d is string => d !== null)
    .flatMap(domainAndParents);
  if (email === null && domains.length === 0) return null;
  const params: DuckDBValue[] = [workspaceId, email];
  const placeholders = [...new Set(domains)].map((d) => {
    params.push(d);
    return `$${params.length}`;
  });
  const found = await rows(
    `SELECT kind, value, reason FROM suppressions WHERE workspace_id = $1
       AND ((kind = 'email' AND value = $2)${placeholders.length > 0 ? ` OR (kind = 'domain' AND value IN (${placeholders.join(', ')}))` : ''})
     ORDER BY kind = 'email' DESC, length(value) DESC LIMIT 1`,
    params,
  );
  const [row] = found;
  if (row === undefined) return null;
  return { kind: row[0] === 'email' ? 'email' : 'domain', value: String(row[1]), reason: text(row[2]) };
}

function text(value: DuckDBValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
