/**
 * The lead queue, one page at a time: filter by tier, owner, status and definition; sort; count.
 * Everything is done by DuckDB over `leads` joined with each lead's latest qualification, so a
 * page costs the same with ten thousand leads as with ten; only the page's rows are decorated with
 * names and the reasons in words.
 */
import { type DuckDBConnection, type DuckDBType, type DuckDBValue, INTEGER, VARCHAR } from '@duckdb/node-api';
import { z } from 'zod';
import { queryRows } from '../store/duckdb/cells.ts';
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

const iso = (cell: DuckDBValue | undefined): string | null =>
  cell === null || cell === undefined ? null : new Date(Number(cell)).toISOString();
const textOrNull = (cell: DuckDBValue | undefined): string | null =>
  cell === null || cell === undefined ? null : String(cell);

const FROM = 'FROM leads l LEFT JOIN qualifications q ON q.id = l.qualification_id';

export async function listLeads(
  conn: DuckDBConnection,
  ws: string,
  query: LeadQuery,
  now: number,
): Promise<LeadPage> {
  const params: DuckDBValue[] = [ws];
  const types: DuckDBType[] = [VARCHAR];
  const where = ['l.workspace_id = $1'];
  const bind = (sql: (p: string) => string, value: string) => {
    params.push(value);
    types.push(VARCHAR);
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

  const [countRow] = await queryRows(conn, `SELECT count(*) ${FROM} WHERE ${filter}`, params, types);
  const total = Number(countRow?.[0] ?? 0);
  const offset = (query.page - 1) * query.pageSize;
  const leads = await selectLeads(
    conn,
    ws,
    { filter, params, types },
    ORDER[query.sort],
    [query.pageSize, offset],
    now,
  );
  return { total, page: query.page, pageSize: query.pageSize, leads, facets: await facets(conn, ws) };
}

interface Where {
  readonly filter: string;
  readonly params: readonly DuckDBValue[];
  readonly types: readonly DuckDBType[];
}

/** One lead with its latest qualification, or null when the entity has none. */
export async function findLead(
  conn: DuckDBConnection,
  ws: string,
  type: 'user' | 'account',
  id: string,
  now: number,
): Promise<LeadItem | null> {
  const where = {
    filter: 'l.workspace_id = $1 AND l.entity_type = $2 AND l.entity_id = $3',
    params: [ws, type, id],
    types: [VARCHAR, VARCHAR, VARCHAR],
  };
  const [lead] = await selectLeads(conn, ws, where, 'l.entity_id', [1, 0], now);
  return lead ?? null;
}

async function selectLeads(
  conn: DuckDBConnection,
  ws: string,
  where: Where,
  order: string,
  limit: readonly [number, number],
  now: number,
): Promise<LeadItem[]> {
  const rows = await queryRows(
    conn,
    `SELECT l.entity_type, l.entity_id, l.tier, l.score, l.owner, l.owner_name, l.team, l.rule, l.status,
       epoch_ms(l.sla_due_at), epoch_ms(l.contacted_at), epoch_ms(l.breached_at), epoch_ms(l.snoozed_until),
       epoch_ms(l.opened_at), epoch_ms(l.updated_at), l.qualification_id, q.definition_name, q.definition_version,
       q.hand_raiser, q.trigger_event, epoch_ms(q.trigger_at), q.receipt
     ${FROM} WHERE ${where.filter} ORDER BY ${order}
     LIMIT $${where.params.length + 1} OFFSET $${where.params.length + 2}`,
    [...where.params, ...limit],
    [...where.types, INTEGER, INTEGER],
  );

  const idsOf = (type: string) => rows.filter((r) => r[0] === type).map((r) => String(r[1]));
  const labels = {
    user: await entityLabels(conn, ws, 'user', idsOf('user')),
    account: await entityLabels(conn, ws, 'account', idsOf('account')),
  };
  return rows.map((r): LeadItem => {
    const entityType = r[0] === 'user' ? 'user' : 'account';
    const entityId = String(r[1]);
    const label = labels[entityType].get(entityId);
    const receipt = parseReceipt(r[21]);
    return {
      entityType,
      entityId,
      name: label?.name ?? null,
      company: label?.company ?? null,
      email: label?.email ?? null,
      tier: textOrNull(r[2]),
      score: Number(r[3]),
      handRaiser: r[18] === true,
      owner: textOrNull(r[4]),
      ownerName: textOrNull(r[5]),
      team: textOrNull(r[6]),
      rule: textOrNull(r[7]),
      status: String(r[8]),
      slaDueAt: iso(r[9]),
      contactedAt: iso(r[10]),
      breachedAt: iso(r[11]),
      snoozedUntil: iso(r[12]),
      openedAt: iso(r[13]) ?? '',
      updatedAt: iso(r[14]) ?? '',
      qualificationId: String(r[15]),
      definition:
        r[16] === null || r[16] === undefined ? null : { name: String(r[16]), version: String(r[17]) },
      trigger: r[19] === null || r[19] === undefined ? null : { event: String(r[19]), at: iso(r[20]) },
      topSignals: receipt === null ? [] : topSignals(receipt, now),
    };
  });
}

async function facets(conn: DuckDBConnection, ws: string): Promise<LeadPage['facets']> {
  const facet = async (sql: string): Promise<Facet[]> =>
    (await queryRows(conn, sql, [ws], [VARCHAR])).map(([value, label, count]) => ({
      value: textOrNull(value),
      label: textOrNull(label),
      count: Number(count),
    }));
  return {
    tiers: await facet(
      'SELECT tier, NULL, count(*) FROM leads WHERE workspace_id = $1 GROUP BY tier ORDER BY min(score) DESC',
    ),
    owners: await facet(
      `SELECT owner, any_value(owner_name), count(*) FROM leads WHERE workspace_id = $1
       GROUP BY owner ORDER BY owner NULLS LAST`,
    ),
    statuses: await facet(
      'SELECT status, NULL, count(*) FROM leads WHERE workspace_id = $1 GROUP BY status ORDER BY count(*) DESC',
    ),
    definitions: await facet(
      `SELECT q.definition_name, NULL, count(*) ${FROM} WHERE l.workspace_id = $1 AND q.definition_name IS NOT NULL
       GROUP BY q.definition_name ORDER BY 1`,
    ),
  };
}
