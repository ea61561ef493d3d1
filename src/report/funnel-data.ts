/**
 * What the funnel report reads from the store, as plain values: qualifications (live and shadow)
 * in the period, the leads behind them, every outcome of the entity type, signups per week, and
 * outcomes whose entity the store has never seen. The figures are computed by funnel.ts.
 */
import { z } from 'zod';
import type { SqlClient, SqlParam, SqlRow } from '../lib/sql-client.ts';

export interface QualificationFact {
  readonly id: string;
  readonly entityId: string;
  readonly definitionVersion: string;
  readonly shadow: boolean;
  /** Epoch ms. */
  readonly asOf: number;
  readonly score: number;
  readonly tier: string | null;
  readonly handRaiser: boolean;
  /** Names of the signals that held, from the receipt (empty without a receipt). */
  readonly signals: readonly string[];
  readonly slaDueAt: number | null;
}

export interface LeadFact {
  readonly entityId: string;
  readonly contactedAt: number | null;
  readonly slaDueAt: number | null;
}

export interface OutcomeFact {
  readonly entityId: string;
  readonly type: string;
  readonly at: number;
  /** The deal amount recorded with the outcome (opportunity, won), if any. */
  readonly amount: number | null;
}

export interface FunnelData {
  readonly entityType: 'user' | 'account';
  readonly from: number;
  readonly to: number;
  readonly qualifications: readonly QualificationFact[];
  readonly leads: readonly LeadFact[];
  readonly outcomes: readonly OutcomeFact[];
  /** Entities first seen in the period, with the time. */
  readonly signups: readonly { readonly entityId: string; readonly at: number }[];
  /** Outcomes in the period for entities the store has never seen. */
  readonly unmatched: readonly OutcomeFact[];
}

const receiptSchema = z.object({
  signals: z.array(
    z.object({ name: z.string(), holds: z.boolean(), label: z.string().nullable().optional() }),
  ),
});

/** The signals a stored receipt says held; a receipt that does not parse says nothing. */
export function heldSignals(receipt: string | null): string[] {
  if (receipt === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(receipt);
  } catch {
    return [];
  }
  const parsed = receiptSchema.safeParse(value);
  return parsed.success ? parsed.data.signals.filter((s) => s.holds).map((s) => s.name) : [];
}

/** Where an entity of the type is first seen: events, memberships (accounts) or traits. */
function firstSeenSql(entityType: 'user' | 'account'): string {
  return entityType === 'account'
    ? `SELECT group_id AS entity_id, min(ts) AS ts FROM events WHERE workspace_id = $1 AND group_id IS NOT NULL GROUP BY group_id
       UNION ALL SELECT group_id, min(ts) FROM memberships WHERE workspace_id = $1 GROUP BY group_id
       UNION ALL SELECT entity_id, min(ts) FROM traits WHERE workspace_id = $1 AND entity_type = 'account' GROUP BY entity_id`
    : `SELECT user_id AS entity_id, min(ts) AS ts FROM events WHERE workspace_id = $1 AND user_id IS NOT NULL GROUP BY user_id
       UNION ALL SELECT anonymous_id, min(ts) FROM events WHERE workspace_id = $1 AND user_id IS NULL AND anonymous_id IS NOT NULL GROUP BY anonymous_id
       UNION ALL SELECT entity_id, min(ts) FROM traits WHERE workspace_id = $1 AND entity_type = 'user' GROUP BY entity_id`;
}

/**
 * Entities first seen in [from, to): their earliest event, membership or time-stamped trait
 * (a trait set "since ever", such as a CRM snapshot, does not make a signup).
 */
export async function signupsBetween(
  db: SqlClient,
  workspaceId: string,
  entityType: 'user' | 'account',
  from: number,
  to: number,
): Promise<{ readonly entityId: string; readonly at: number }[]> {
  const rows = await db.query<{ entity_id: string; at: number }>(
    `SELECT entity_id, min(ts) AS at FROM (${firstSeenSql(entityType)}) AS first_seen
     WHERE entity_id IS NOT NULL GROUP BY entity_id
     HAVING min(ts) >= ${db.sql.at(2)} AND min(ts) < ${db.sql.at(3)}
     ORDER BY min(ts), entity_id`,
    [workspaceId, from, to],
  );
  return rows.map((row) => ({ entityId: row.entity_id, at: row.at }));
}

interface QualificationRow extends SqlRow {
  readonly id: string;
  readonly entity_id: string;
  readonly definition_version: string;
  readonly shadow: boolean;
  readonly as_of: number;
  readonly score: number;
  readonly tier: string | null;
  readonly hand_raiser: boolean;
  readonly receipt: string | null;
  readonly sla_due_at: number | null;
}

interface OutcomeRow extends SqlRow {
  readonly entity_id: string;
  readonly type: string;
  readonly at: number;
  readonly amount: number | null;
}

const toOutcome = (o: OutcomeRow): OutcomeFact => ({
  entityId: o.entity_id,
  type: o.type,
  at: o.at,
  amount: o.amount,
});

export async function readFunnelData(
  db: SqlClient,
  input: {
    readonly workspaceId: string;
    readonly entityType: 'user' | 'account';
    readonly from: number;
    readonly to: number;
  },
): Promise<FunnelData> {
  const { workspaceId, entityType, from, to } = input;
  const period: SqlParam[] = [workspaceId, entityType, from, to];
  const inPeriod = (column: string) => `${column} >= ${db.sql.at(3)} AND ${column} < ${db.sql.at(4)}`;
  const qualificationRows = await db.query<QualificationRow>(
    `SELECT id, entity_id, definition_version, shadow, as_of, score, tier, hand_raiser, receipt, sla_due_at
     FROM qualifications
     WHERE workspace_id = $1 AND entity_type = $2 AND kind = 'qualified' AND ${inPeriod('as_of')}
     ORDER BY as_of, seq`,
    period,
  );
  const qualifications = qualificationRows.map(
    (q): QualificationFact => ({
      id: q.id,
      entityId: q.entity_id,
      definitionVersion: q.definition_version,
      shadow: q.shadow,
      asOf: q.as_of,
      score: q.score,
      tier: q.tier,
      handRaiser: q.hand_raiser,
      signals: heldSignals(q.receipt),
      slaDueAt: q.sla_due_at,
    }),
  );
  const leads = (
    await db.query<{ entity_id: string; contacted_at: number | null; sla_due_at: number | null }>(
      `SELECT entity_id, contacted_at, sla_due_at FROM leads WHERE workspace_id = $1 AND entity_type = $2
       ORDER BY entity_id`,
      [workspaceId, entityType],
    )
  ).map((l): LeadFact => ({ entityId: l.entity_id, contactedAt: l.contacted_at, slaDueAt: l.sla_due_at }));
  const outcomes = (
    await db.query<OutcomeRow>(
      `SELECT entity_id, type, ts AS at, amount FROM outcomes
       WHERE workspace_id = $1 AND entity_type = $2 ORDER BY ts, seq`,
      [workspaceId, entityType],
    )
  ).map(toOutcome);
  const signups = await signupsBetween(db, workspaceId, entityType, from, to);
  const unmatched = (
    await db.query<OutcomeRow>(
      `SELECT o.entity_id, o.type, o.ts AS at, o.amount FROM outcomes o
       WHERE o.workspace_id = $1 AND o.entity_type = $2 AND ${inPeriod('o.ts')}
         AND o.entity_id NOT IN (
           SELECT entity_id FROM (${firstSeenSql(entityType)}) AS first_seen WHERE entity_id IS NOT NULL)
         AND o.entity_id NOT IN (SELECT from_id FROM identity_links WHERE workspace_id = $1)
       ORDER BY o.ts, o.seq`,
      period,
    )
  ).map(toOutcome);
  return { entityType, from, to, qualifications, leads, outcomes, signups, unmatched };
}
