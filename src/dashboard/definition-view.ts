/**
 * The definition page's data: the live definition of the workspace (YAML and what it means), the
 * problems validation finds in it now, and how many qualifications each tier received per week.
 */
import { loadDefinition } from '../definition/load-definition.ts';
import type { Problem } from '../definition/problems/catalogue.ts';
import type { SqlClient } from '../lib/sql-client.ts';
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
  db: SqlClient,
  workspaceId: string,
  definition: WorkspaceDefinition,
  now: number,
): Promise<DefinitionView> {
  const { ir } = definition;
  const problems =
    definition.source === null
      ? []
      : loadDefinition(definition.source, definition.file ?? 'kindling.yml').problems;
  // Weeks start on Monday on both back ends (ISO weeks).
  const weekly = await db.query<{ week: number; tier: string | null; n: number }>(
    `SELECT date_trunc('week', as_of) AS week, tier, count(*) AS n FROM qualifications
     WHERE workspace_id = $1 AND definition_name = $2 AND kind = 'qualified' AND NOT shadow
       AND as_of >= ${db.sql.at(3)}
     GROUP BY date_trunc('week', as_of), tier ORDER BY week, tier`,
    [workspaceId, ir.name, now - WEEKS * 7 * 86_400_000],
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
    weekly: weekly.map(({ week, tier, n }) => ({
      week: new Date(week).toISOString().slice(0, 10),
      tier,
      count: n,
    })),
  };
}
