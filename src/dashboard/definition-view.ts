/**
 * The definition page's data: the live definition of the workspace (YAML and what it means), the
 * problems validation finds in it now, and how many qualifications each tier received per week.
 */
import { type DuckDBConnection, VARCHAR } from '@duckdb/node-api';
import { loadDefinition } from '../definition/load-definition.ts';
import type { Problem } from '../definition/problems/catalogue.ts';
import { queryRows } from '../store/duckdb/cells.ts';
import type { WorkspaceDefinition } from './workspace-definition.ts';

const WEEKS = 12;

export interface DefinitionView {
  readonly name: string;
  readonly version: string;
  readonly entity: string;
  readonly description: string | null;
  readonly origin: WorkspaceDefinition['origin'];
  readonly file: string | null;
  readonly activatedAt: string | null;
  readonly source: string | null;
  readonly problems: readonly Problem[];
  readonly tiers: readonly { readonly name: string; readonly min: number }[];
  readonly gates: readonly { readonly name: string; readonly signal: string }[];
  readonly signals: readonly {
    readonly name: string;
    readonly label: string | null;
    readonly points: number | null;
    readonly handRaiser: boolean;
  }[];
  readonly cap: number;
  /** Qualifications (tier rises and hand-raisers, not shadow) per week and tier, oldest first. */
  readonly weekly: readonly { readonly week: string; readonly tier: string | null; readonly count: number }[];
}

export async function definitionView(
  conn: DuckDBConnection,
  workspaceId: string,
  definition: WorkspaceDefinition,
  now: number,
): Promise<DefinitionView> {
  const { ir } = definition;
  const problems =
    definition.source === null
      ? []
      : loadDefinition(definition.source, definition.file ?? 'kindling.yml').problems;
  const weekly = await queryRows(
    conn,
    `SELECT epoch_ms(date_trunc('week', as_of)), tier, count(*) FROM qualifications
     WHERE workspace_id = $1 AND definition_name = $2 AND kind = 'qualified' AND NOT shadow
       AND as_of >= make_timestamp($3::BIGINT * 1000)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [workspaceId, ir.name, String(now - WEEKS * 7 * 86_400_000)],
    [VARCHAR, VARCHAR, VARCHAR],
  );
  return {
    name: ir.name,
    version: definition.version,
    entity: ir.entity,
    description: ir.description,
    origin: definition.origin,
    file: definition.file,
    activatedAt: definition.activatedAt === null ? null : new Date(definition.activatedAt).toISOString(),
    source: definition.source,
    problems,
    tiers: ir.tiers,
    gates: ir.gates,
    signals: ir.signals
      .filter((s) => !s.inline)
      .map((s) => ({
        name: s.name,
        label: s.label,
        points: ir.points.find((p) => p.signal === s.name)?.points ?? null,
        handRaiser: ir.handRaisers.includes(s.name),
      })),
    cap: ir.cap,
    weekly: weekly.map(([week, tier, count]) => ({
      week: new Date(Number(week)).toISOString().slice(0, 10),
      tier: tier === null ? null : String(tier),
      count: Number(count),
    })),
  };
}
