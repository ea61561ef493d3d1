/**
 * The lead queue, one page at a time: filter by tier, owner, status and definition; sort; count.
 * Everything is done by the database over `leads` joined with each lead's latest qualification, so a
 * page costs the same with ten thousand leads as with ten; only the page's rows are decorated with
 * names and the reasons in words.
 */
import { z } from 'zod';
import type { SqlClient, SqlParam, SqlRow } from '../lib/sql-client.ts';
import { entityLabels } from './entity-labels.ts';
import type { Facet, LeadItem, LeadPage } from './lead-types.ts';
import { parseReceipt, topSignals } from './receipt-summary.ts';

export const LEAD_SORTS = ['score', 'sla', 'recent'] as const;

export const leadQuerySchema = z.object({
  tier: z.string().min(1).max(200).optional().describe('Only leads in this tier.'),
  owner: z
    .string()
    .max(320)
    .optional()
    .describe('Only leads of this owner (e-mail); an empty value means unassigned leads.'),
  status: z.string().min(1).max(50).optional().describe('Only leads with this status (open, contacted, …).'),
  definition: z.string().min(1).max(200).optional().describe('Only leads qualified by this definition name.'),
  sort: z
    .enum(LEAD_SORTS)
    .default('score')
    .describe('score: highest first; sla: soonest due first; recent: newest first.'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export type LeadQuery = z.infer<typeof leadQuerySchema>;

const ORDER: Record<(typeof LEAD_SORTS)[number], string> = {
  score: 'l.score DESC, l.opened_at DESC, l.entity_id',
  sla: '(l.contacted_at IS NULL AND l.sla_due_at IS NOT NULL) DESC, l.sla_due_at ASC NULLS LAST, l.score DESC, l.entity_id',
  recent: 'l.opened_at DESC, l.score DESC, l.entity_id',
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const FROM = 'FROM leads l LEFT JOIN qualifications q ON q.id = l.qualification_id';

export async function listLeads(db: SqlClient, ws: string, query: LeadQuery, now: number): Promise<LeadPage> {
  const params: SqlParam[] = [ws];
  const where = ['l.workspace_id = $1'];
  const bind = (sql: (p: string) => string, value: string) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (query.tier !== undefined) bind((p) => `l.tier = ${p}`, query.tier);
  if (query.owner !== undefined) {
    if (query.owner === '') where.push('l.owner IS NULL');
    else bind((p) => `l.owner = ${p}`, query.owner);
  }
  if (query.status !== undefined) bind((p) => `l.status = ${p}`, query.status);
  if (query.definition !== undefined) bind((p) => `q.definition_name = ${p}`, query.definition);
  const filter = where.join(' AND ');

  const [count] = await db.query<{ n: number }>(`SELECT count(*) AS n ${FROM} WHERE ${filter}`, params);
  const offset = (query.page - 1) * query.pageSize;
  const leads = await selectLeads(
    db,
    ws,
    { filter, params },
    ORDER[query.sort],
    [query.pageSize, offset],
    now,
  );
  return {
    total: count?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    leads,
    facets: await facets(db, ws),
  };
}

interface Where {
  readonly filter: string;
  readonly params: readonly SqlParam[];
}

/** One lead with its latest qualification, or null when the entity has none. */
export async function findLead(
  db: SqlClient,
  ws: string,
  type: 'user' | 'account',
  id: string,
  now: number,
): Promise<LeadItem | null> {
  const where = {
    filter: 'l.workspace_id = $1 AND l.entity_type = $2 AND l.entity_id = $3',
    params: [ws, type, id],
  };
  const [lead] = await selectLeads(db, ws, where, 'l.entity_id', [1, 0], now);
  return lead ?? null;
}

interface LeadRow extends SqlRow {
  readonly entity_type: string;
  readonly entity_id: string;
  readonly tier: string | null;
  readonly score: number;
  readonly owner: string | null;
  readonly owner_name: string | null;
  readonly team: string | null;
  readonly rule: string | null;
  readonly status: string;
  readonly sla_due_at: number | null;
  readonly contacted_at: number | null;
  readonly breached_at: number | null;
  readonly snoozed_until: number | null;
  readonly opened_at: number;
  readonly updated_at: number;
  readonly qualification_id: string;
  /** The qualification's columns are null when it is missing (the join is a left join). */
  readonly definition_name: string | null;
  readonly definition_version: string | null;
  readonly hand_raiser: boolean | null;
  readonly trigger_event: string | null;
  readonly trigger_at: number | null;
  readonly receipt: string | null;
}

async function selectLeads(
  db: SqlClient,
  ws: string,
  where: Where,
  order: string,
  limit: readonly [number, number],
  now: number,
): Promise<LeadItem[]> {
  const rows = await db.query<LeadRow>(
    `SELECT l.entity_type, l.entity_id, l.tier, l.score, l.owner, l.owner_name, l.team, l.rule, l.status,
       l.sla_due_at, l.contacted_at, l.breached_at, l.snoozed_until, l.opened_at, l.updated_at,
       l.qualification_id, q.definition_name, q.definition_version, q.hand_raiser, q.trigger_event,
       q.trigger_at, q.receipt
     ${FROM} WHERE ${where.filter} ORDER BY ${order}
     LIMIT $${where.params.length + 1} OFFSET $${where.params.length + 2}`,
    [...where.params, ...limit],
  );

  const idsOf = (type: string) => rows.filter((r) => r.entity_type === type).map((r) => r.entity_id);
  const labels = {
    user: await entityLabels(db, ws, 'user', idsOf('user')),
    account: await entityLabels(db, ws, 'account', idsOf('account')),
  };
  return rows.map((r): LeadItem => {
    const entityType = r.entity_type === 'user' ? 'user' : 'account';
    const label = labels[entityType].get(r.entity_id);
    const receipt = parseReceipt(r.receipt);
    return {
      entityType,
      entityId: r.entity_id,
      name: label?.name ?? null,
      company: label?.company ?? null,
      email: label?.email ?? null,
      tier: r.tier,
      score: r.score,
      handRaiser: r.hand_raiser === true,
      owner: r.owner,
      ownerName: r.owner_name,
      team: r.team,
      rule: r.rule,
      status: r.status,
      slaDueAt: iso(r.sla_due_at),
      contactedAt: iso(r.contacted_at),
      breachedAt: iso(r.breached_at),
      snoozedUntil: iso(r.snoozed_until),
      openedAt: iso(r.opened_at) ?? '',
      updatedAt: iso(r.updated_at) ?? '',
      qualificationId: r.qualification_id,
      definition:
        r.definition_name === null ? null : { name: r.definition_name, version: r.definition_version ?? '' },
      trigger: r.trigger_event === null ? null : { event: r.trigger_event, at: iso(r.trigger_at) },
      topSignals: receipt === null ? [] : topSignals(receipt, now),
    };
  });
}

async function facets(db: SqlClient, ws: string): Promise<LeadPage['facets']> {
  const facet = (sql: string): Promise<Facet[]> =>
    db
      .query<{ value: string | null; label: string | null; n: number } & SqlRow>(sql, [ws])
      .then((rows) => rows.map((row) => ({ value: row.value, label: row.label, count: row.n })));
  return {
    tiers: await facet(
      `SELECT tier AS value, CAST(NULL AS TEXT) AS label, count(*) AS n FROM leads WHERE workspace_id = $1
       GROUP BY tier ORDER BY min(score) DESC, tier`,
    ),
    owners: await facet(
      `SELECT owner AS value, min(owner_name) AS label, count(*) AS n FROM leads WHERE workspace_id = $1
       GROUP BY owner ORDER BY owner NULLS LAST`,
    ),
    statuses: await facet(
      `SELECT status AS value, CAST(NULL AS TEXT) AS label, count(*) AS n FROM leads WHERE workspace_id = $1
       GROUP BY status ORDER BY count(*) DESC, status`,
    ),
    definitions: await facet(
      `SELECT q.definition_name AS value, CAST(NULL AS TEXT) AS label, count(*) AS n ${FROM}
       WHERE l.workspace_id = $1 AND q.definition_name IS NOT NULL
       GROUP BY q.definition_name ORDER BY q.definition_name`,
    ),
  };
}
