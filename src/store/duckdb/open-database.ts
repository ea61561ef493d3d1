/** Opens (creating and migrating) the embedded DuckDB database of a data directory. */
import { DuckDBInstance } from '@duckdb/node-api';
import { DataDirBusyError, databaseFile, ensureDataDir, runningServer } from '../data-dir.ts';
import { migrate } from './migrations.ts';

/**
 * DuckDB checkpoints when the WAL passes this size, inside the commit that crossed it; at the 16 MB
 * default that stalls a commit (and every request in its group) for ~0.4 s every few seconds of
 * ingest. A larger threshold makes the stalls rare; the WAL it bounds is replayed on restart.
 */
const DUCKDB_OPTIONS = { checkpoint_threshold: '256MB' };

export async function openDatabase(dataDir: string): Promise<DuckDBInstance> {
  ensureDataDir(dataDir);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(databaseFile(dataDir), DUCKDB_OPTIONS);
  } catch (error) {
    if (error instanceof Error && /lock/i.test(error.message))
      throw new DataDirBusyError(dataDir, runningServer(dataDir));
    throw error;
  }
  const conn = await instance.connect();
  try {
    await migrate(conn);
  } finally {
    conn.closeSync();
  }
  return instance;
}
