/** The workspaces of this data directory, for the dashboard's switcher. */
import { type DuckDBConnection, VARCHAR } from '@duckdb/node-api';
import { queryRows } from '../store/duckdb/cells.ts';

export const DEMO_WORKSPACE = 'demo';

export interface WorkspaceSummary {
  readonly id: string;
  readonly name: string;
  /** The generated demo workspace, labelled as such everywhere. */
  readonly demo: boolean;
}

export async function listWorkspaces(conn: DuckDBConnection): Promise<WorkspaceSummary[]> {
  const rows = await queryRows(conn, 'SELECT id, name FROM workspaces ORDER BY id', [], []);
  return rows.map(([id, name]) => ({ id: String(id), name: String(name), demo: id === DEMO_WORKSPACE }));
}

export async function workspaceExists(conn: DuckDBConnection, id: string): Promise<boolean> {
  const rows = await queryRows(conn, 'SELECT 1 FROM workspaces WHERE id = $1', [id], [VARCHAR]);
  return rows.length > 0;
}
