/** The workspaces of the store, for the dashboard's switcher. */
import type { SqlClient } from '../lib/sql-client.ts';

export const DEMO_WORKSPACE = 'demo';

export interface WorkspaceSummary {
  readonly id: string;
  readonly name: string;
  /** The generated demo workspace, labelled as such everywhere. */
  readonly demo: boolean;
}

export async function listWorkspaces(db: SqlClient): Promise<WorkspaceSummary[]> {
  const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM workspaces ORDER BY id');
  return rows.map(({ id, name }) => ({ id, name, demo: id === DEMO_WORKSPACE }));
}

export async function workspaceExists(db: SqlClient, id: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 AS found FROM workspaces WHERE id = $1', [id]);
  return rows.length > 0;
}
