/**
 * The embedded store is three DuckDB files: the events and everything else (`kindling.duckdb`),
 * the real-time path's tables (realtime-database.ts) and the real-time engine's saved state
 * (state-database.ts), the last two attached to the first under catalogs of their own. DuckDB
 * checkpoints a database inside whichever commit crosses its WAL threshold and holds every other
 * commit of that database meanwhile; apart, one file's checkpoint holds only its own writers.
 * Tables keep their plain names: every connection searches `main` first, so whatever SQL creates
 * without a catalog still lands in the store's file.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { realtimeDatabaseFile, stateDatabaseFile } from '../data-dir.ts';

export const REALTIME_CATALOG = 'kindling_realtime';
export const STATE_CATALOG = 'kindling_state';

/** Where the attached databases live: files beside the store's, or `:memory:`. */
export interface AttachedFiles {
  readonly realtime: string;
  readonly state: string;
}

export const IN_MEMORY: AttachedFiles = { realtime: ':memory:', state: ':memory:' };

export const attachedFiles = (dataDir: string): AttachedFiles => ({
  realtime: realtimeDatabaseFile(dataDir),
  state: stateDatabaseFile(dataDir),
});

/** Attaches `file` as `catalog` unless this instance already has it. */
export async function attach(conn: DuckDBConnection, file: string, catalog: string): Promise<void> {
  await conn.run(`ATTACH IF NOT EXISTS '${file.replaceAll("'", "''")}' AS ${catalog}`);
}

/** Lets `conn` name every attached database's tables without their catalog. */
export async function searchAttachedDatabases(conn: DuckDBConnection): Promise<void> {
  await conn.run(`SET search_path = 'main,${REALTIME_CATALOG}.main,${STATE_CATALOG}.main'`);
}

/** A new connection to `instance` that sees every attached database's tables. */
export async function connect(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const conn = await instance.connect();
  await searchAttachedDatabases(conn);
  return conn;
}
