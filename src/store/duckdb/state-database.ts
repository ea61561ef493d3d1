/**
 * The real-time engine's saved incremental state (src/realtime/incremental-state-store.ts) lives in
 * a DuckDB database of its own beside the store, attached as `kindling_state`: a save rewrites tens
 * of thousands of rows, and DuckDB checkpoints a database inside whichever commit crosses its WAL
 * threshold, holding every other commit of that database meanwhile. In one file, those checkpoints
 * held the ingest's and the passes' commits for 1–2 s (issue 16); in their own file they hold only
 * the saves. The tables keep their names: every connection searches `main`, then the state's schema.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export const STATE_CATALOG = 'kindling_state';

/** Attaches the state database (a file, or `:memory:`) and creates its tables if new. */
export async function attachStateDatabase(conn: DuckDBConnection, file: string): Promise<void> {
  await conn.run(`ATTACH IF NOT EXISTS '${file.replaceAll("'", "''")}' AS ${STATE_CATALOG}`);
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
  await useStateDatabase(conn);
}

/** Lets `conn` name the state's tables without their catalog. */
export async function useStateDatabase(conn: DuckDBConnection): Promise<void> {
  await conn.run(`SET search_path = 'main,${STATE_CATALOG}.main'`);
}

/** A new connection to `instance` that sees the state's tables. */
export async function connect(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const conn = await instance.connect();
  await useStateDatabase(conn);
  return conn;
}
