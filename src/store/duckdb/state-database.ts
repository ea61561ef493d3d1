/**
 * The real-time engine's saved incremental state (src/realtime/incremental-state-store.ts) lives in
 * a DuckDB database of its own beside the store, attached as `kindling_state` (attached-databases.ts):
 * a save rewrites tens of thousands of rows, and in the store's file its checkpoints held the ingest's
 * and the passes' commits for 1–2 s (issue 16). Nothing in it is lost for good: a missing file means
 * a rebuild from the events.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { attach, STATE_CATALOG } from './attached-databases.ts';

/** Attaches the state database (a file, or `:memory:`) and creates its tables if new. */
export async function attachStateDatabase(conn: DuckDBConnection, file: string): Promise<void> {
  await attach(conn, file, STATE_CATALOG);
  // One row per state unit (user key, group tag, facts waiting) and version, with when it next
  // changes by time alone (epoch ms); the checkpoint says which store row the state includes, its
  // as-of time and the layout of the units (`STATE_FORMAT`).
  await conn.run(`
    CREATE TABLE IF NOT EXISTS ${STATE_CATALOG}.main.incremental_rows (
      workspace_id VARCHAR NOT NULL, definition_version VARCHAR NOT NULL, unit_id VARCHAR NOT NULL,
      state VARCHAR NOT NULL, next_change_at BIGINT,
      PRIMARY KEY (workspace_id, definition_version, unit_id)
    );
    CREATE TABLE IF NOT EXISTS ${STATE_CATALOG}.main.incremental_checkpoints (
      workspace_id VARCHAR NOT NULL, definition_version VARCHAR NOT NULL,
      through_seq BIGINT NOT NULL, horizon BIGINT, state_format INTEGER NOT NULL DEFAULT 1,
      PRIMARY KEY (workspace_id, definition_version)
    );
  `);
}
