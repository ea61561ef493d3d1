/**
 * What the funnel report reads from the store, as plain values: qualifications (live and shadow)
 * in the period, the leads behind them, every outcome of the entity type, signups per week, and
 * outcomes whose entity the store has never seen. The figures are computed by funnel.ts.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { z } from 'zod';

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

const AT = (param: number) => `make_timestamp($${param}::BIGINT * 1000)`;
const ms = z.union([z.number(), z.bigint()]).transform(Number);
const nullableMs = ms.nullable();

async function rows(conn: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<unknown[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS();
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
    ? `SELECT group_id AS entity_id, min(ts) AS ts FROM events WHERE workspace_id = $1 AND group_id IS NOT NULL GROUP BY 1
       UNION ALL SELECT group_id, min(ts) FROM memberships WHERE workspace_id = $1 GROUP BY 1
       UNION ALL SELECT entity_id, min(ts) FROM traits WHERE workspace_id = $1 AND entity_type = 'account' GROUP BY 1`
    : `SELECT user_id AS entity_id, min(ts) AS ts FROM events WHERE workspace_id = $1 AND user_id IS NOT NULL GROUP BY 1
       UNION ALL SELECT anonymous_id, min(ts) FROM events WHERE workspace_id = $1 AND user_id IS NULL AND anonymous_id IS NOT NULL GROUP BY 1
       UNION ALL SELECT entity_id, min(ts) FROM traits WHERE workspace_id = $1 AND entity_type = 'user' GROUP BY 1`;
}

/**
 * Entities first seen in [from, to): their earliest event, membership or time-stamped trait
 * (a trait set "since ever", such as a CRM snapshot, does not make a signup).
 */
export async function signupsBetween(
  conn: DuckDBConnection,
  workspaceId: string,
  entityType: 'user' | 'account',
  from: number,
  to: number,
): Promise<{ readonly entityId: string; readonly at: number }[]> {
  const signupSchema = z.object({ entity_id: z.string(), at: ms });
  return (
    await rows(
      conn,
      `SELECT entity_id, epoch_ms(min(ts)) AS at FROM (${firstSeenSql(entityType)})
       WHERE entity_id IS NOT NULL GROUP BY entity_id
       HAVING min(ts) >= ${AT(2)} AND min(ts) < ${AT(3)}`,
      [workspaceId, from, to],
    )
  ).map((row) => {
    const s = signupSchema.parse(row);
    return { entityId: s.entity_id, at: s.at };
  });
}

export async function readFunnelData(
  conn: DuckDBConnection,
  input: {
    readonly workspaceId: string;
    readonly entityType: 'user' | 'account';
    readonly from: number;
    readonly to: number;
  },
): Promise<FunnelData> {
  const { workspaceId, entityType, from, to } = input;
  const period: DuckDBValue[] = [workspaceId, entityType, from, to];
  const qualificationRows = await rows(
    conn,
    `SELECT id, entity_id, definition_version, shadow, epoch_ms(as_of) AS as_of, score, tier, hand_raiser,
            receipt, epoch_ms(sla_due_at) AS sla_due_at
     FROM qualifications
     WHERE workspace_id = $1 AND entity_type = $2 AND kind = 'qualified'
       AND as_of >= ${AT(3)} AND as_of < ${AT(4)}
     ORDER BY as_of, seq`,
    period,
  );
  const qualificationSchema = z.object({
    id: z.string(),
    entity_id: z.string(),
    definition_version: z.string(),
    shadow: z.boolean(),
    as_of: ms,
    score: z.number(),
    tier: z.string().nullable(),
    hand_raiser: z.boolean(),
    receipt: z.string().nullable(),
    sla_due_at: nullableMs,
  });
  const qualifications = qualificationRows.map((row) => {
    const q = qualificationSchema.parse(row);
    return {
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
    };
  });
  const leadSchema = z.object({ entity_id: z.string(), contacted_at: nullableMs, sla_due_at: nullableMs });
  const leads = (
    await rows(
      conn,
      `SELECT entity_id, epoch_ms(contacted_at) AS contacted_at, epoch_ms(sla_due_at) AS sla_due_at
       FROM leads WHERE workspace_id = $1 AND entity_type = $2`,
      [workspaceId, entityType],
    )
  ).map((row) => {
    const l = leadSchema.parse(row);
    return { entityId: l.entity_id, contactedAt: l.contacted_at, slaDueAt: l.sla_due_at };
  });
  const outcomeSchema = z.object({
    entity_id: z.string(),
    type: z.string(),
    at: ms,
    amount: z.number().nullable(),
  });
  const toOutcome = (row: unknown): OutcomeFact => {
    const o = outcomeSchema.parse(row);
    return { entityId: o.entity_id, type: o.type, at: o.at, amount: o.amount };
  };
  const outcomes = (
    await rows(
      conn,
      `SELECT entity_id, type, epoch_ms(ts) AS at, amount FROM outcomes
       WHERE workspace_id = $1 AND entity_type = $2 ORDER BY ts, seq`,
      [workspaceId, entityType],
    )
  ).map(toOutcome);
  const signups = await signupsBetween(conn, workspaceId, entityType, from, to);
  const unmatched = (
    await rows(
      conn,
      `SELECT o.entity_id, o.type, epoch_ms(o.ts) AS at, o.amount FROM outcomes o
       WHERE o.workspace_id = $1 AND o.entity_type = $2 AND o.ts >= ${AT(3)} AND o.ts < ${AT(4)}
         AND o.entity_id NOT IN (SELECT entity_id FROM (${firstSeenSql(entityType)}) WHERE entity_id IS NOT NULL)
         AND o.entity_id NOT IN (SELECT from_id FROM identity_links WHERE workspace_id = $1)
       ORDER BY o.ts, o.seq`,
      period,
    )
  ).map(toOutcome);
  return { entityType, from, to, qualifications, leads, outcomes, signups, unmatched };
}
