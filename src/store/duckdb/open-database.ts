/** Opens (creating and migrating) the embedded DuckDB database of a data directory. */
import { DuckDBInstance } from '@duckdb/node-api';
import { DataDirBusyError, databaseFile, ensureDataDir, runningServer } from '../data-dir.ts';
import { migrate } from './migrations.ts';

export async function openDatabase(dataDir: string): Promise<DuckDBInstance> {
  ensureDataDir(dataDir);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(databaseFile(dataDir));
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
