/**
 * Which definition the dashboard shows a workspace's leads with: the version live for it
 * (src/versions: `kindling activate`, the versions API),
 * else the definition the server was started with (or, for the demo workspace, the demo's own).
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { definitionVersion } from '../definition/output/version.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import { activationLog, currentVersions } from '../versions/version-store.ts';

export interface WorkspaceDefinition {
  readonly ir: DefinitionIR;
  readonly version: string;
  /** The whole YAML file, when known. */
  readonly source: string | null;
  /** Where it came from, for the definition page. */
  readonly origin: 'activated' | 'server' | 'demo';
  readonly file: string | null;
  /** Epoch ms of the activation, when activated. */
  readonly activatedAt: number | null;
}

export interface StaticDefinition {
  readonly ir: DefinitionIR;
  readonly source: string | null;
  readonly file: string | null;
  readonly origin: 'server' | 'demo';
}

export async function workspaceDefinition(
  db: SqlClient,
  workspaceId: string,
  fallback: (workspaceId: string) => StaticDefinition | null,
): Promise<WorkspaceDefinition | null> {
  const live = (await currentVersions(db, workspaceId)).live;
  if (live !== null) {
    const activation = (await activationLog(db, workspaceId))
      .filter((a) => a.role === 'live' && a.version === live.version)
      .at(-1);
    return {
      ir: live.ir,
      version: live.version,
      source: live.source,
      origin: 'activated',
      file: null,
      activatedAt: activation?.activatedAt ?? null,
    };
  }
  const fixed = fallback(workspaceId);
  return fixed === null ? null : { ...fixed, version: definitionVersion(fixed.ir), activatedAt: null };
}
