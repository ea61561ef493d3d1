/** The funnel report for a workspace and period, as the CLI and `GET /api/metrics/funnel` give it. */
import type { SqlClient } from '../lib/sql-client.ts';
import { currentVersions } from '../versions/version-store.ts';
import { compareShadow, computeFunnel, type FunnelReport, type ShadowComparison } from './funnel.ts';
import { readFunnelData } from './funnel-data.ts';
import type { HealthyRange } from './pql-rate-warnings.ts';

export interface FunnelRequest {
  readonly workspaceId: string;
  /** Epoch ms, [from, to). */
  readonly from: number;
  readonly to: number;
  /** Default: the live definition's entity, else accounts. */
  readonly entityType?: 'user' | 'account';
  readonly compareShadow?: boolean;
  /** The healthy PQL rate of signups, % (default 5–15). */
  readonly healthyPqlRate?: HealthyRange;
}

export interface FunnelResult {
  readonly report: FunnelReport;
  readonly shadow: ShadowComparison | null;
}

export async function funnelReport(db: SqlClient, request: FunnelRequest): Promise<FunnelResult> {
  const current = await currentVersions(db, request.workspaceId);
  const entityType = request.entityType ?? current.live?.entityType ?? 'account';
  const data = await readFunnelData(db, { ...request, entityType });
  const tierOrder = current.live?.ir.tiers.map((t) => t.name) ?? [];
  return {
    report: computeFunnel(data, tierOrder, request.healthyPqlRate),
    shadow: request.compareShadow === true ? compareShadow(data) : null,
  };
}

export interface FunnelScope {
  readonly workspaceId: string;
  /** Epoch ms, [from, to): the span of the workspace's events, qualifications and outcomes. */
  readonly from: number;
  readonly to: number;
}

/**
 * Where a report without `--workspace`, `--from` or `--to` looks, so a newcomer never sees an empty
 * window of an empty workspace: the preferred workspace if it holds anything, else the one with the
 * most qualifications (then events); and the span of that workspace's data. Null when no workspace
 * holds data.
 */
export async function funnelScope(
  db: SqlClient,
  preferred: string,
  workspaceId?: string,
): Promise<FunnelScope | null> {
  const rows = await db.query<{
    workspace_id: string;
    qualifications: number;
    events: number;
    first_at: number;
    last_at: number;
  }>(
    `SELECT workspace_id, sum(qualifications) AS qualifications, sum(events) AS events,
            min(first_at) AS first_at, max(last_at) AS last_at
     FROM (
       SELECT workspace_id, count(*) AS qualifications, 0 AS events, min(as_of) AS first_at, max(as_of) AS last_at
         FROM qualifications GROUP BY workspace_id
       UNION ALL SELECT workspace_id, 0, count(*), min(ts), max(ts) FROM events GROUP BY workspace_id
       UNION ALL SELECT workspace_id, 0, 0, min(ts), max(ts) FROM outcomes GROUP BY workspace_id) AS spans
     GROUP BY workspace_id ORDER BY workspace_id`,
  );
  const scopes = rows.map((row) => ({
    workspaceId: row.workspace_id,
    qualifications: row.qualifications,
    events: row.events,
    from: row.first_at,
    to: row.last_at + 1,
  }));
  const chosen =
    workspaceId !== undefined
      ? scopes.find((s) => s.workspaceId === workspaceId)
      : (scopes.find((s) => s.workspaceId === preferred) ??
        [...scopes].sort((a, b) => b.qualifications - a.qualifications || b.events - a.events)[0]);
  return chosen === undefined ? null : { workspaceId: chosen.workspaceId, from: chosen.from, to: chosen.to };
}

const DAY = 86_400_000;

/**
 * The period of a report whose `from` or `to` is not given, the same for the CLI and the API: the
 * span of the workspace's data (`funnelScope`), else the 90 days up to now when it holds none.
 */
export function funnelPeriod(
  scope: Pick<FunnelScope, 'from' | 'to'> | null,
  given: { readonly from?: number | undefined; readonly to?: number | undefined },
  now: number,
): { from: number; to: number } {
  const to = given.to ?? scope?.to ?? now;
  return { from: given.from ?? scope?.from ?? to - 90 * DAY, to };
}
