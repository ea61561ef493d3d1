/** The funnel report for a workspace and period, as the CLI and `GET /api/metrics/funnel` give it. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { currentVersions } from '../versions/version-store.ts';
import { compareShadow, computeFunnel, type FunnelReport, type ShadowComparison } from './funnel.ts';
import { readFunnelData } from './funnel-data.ts';

export interface FunnelRequest {
  readonly workspaceId: string;
  /** Epoch ms, [from, to). */
  readonly from: number;
  readonly to: number;
  /** Default: the live definition's entity, else accounts. */
  readonly entityType?: 'user' | 'account';
  readonly compareShadow?: boolean;
}

export interface FunnelResult {
  readonly report: FunnelReport;
  readonly shadow: ShadowComparison | null;
}

export async function funnelReport(conn: DuckDBConnection, request: FunnelRequest): Promise<FunnelResult> {
  const current = await currentVersions(conn, request.workspaceId);
  const entityType = request.entityType ?? current.live?.entityType ?? 'account';
  const data = await readFunnelData(conn, { ...request, entityType });
  const tierOrder = current.live?.ir.tiers.map((t) => t.name) ?? [];
  return {
    report: computeFunnel(data, tierOrder),
    shadow: request.compareShadow === true ? compareShadow(data) : null,
  };
}
