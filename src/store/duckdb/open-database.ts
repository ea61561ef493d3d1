/** Opens (creating and migrating) the embedded DuckDB database of a data directory. */
import { DuckDBInstance } from '@duckdb/node-api';
import { DataDirBusyError, databaseFile, ensureDataDir, runningServer } from '../data-dir.ts';
import { attachedFiles } from './attached-databases.ts';
import { memoryLimitSetting } from './memory-limit.ts';
import { migrate } from './migrations.ts';

export interface DatabaseOptions {
  /** Bytes DuckDB may use (`--memory-limit`); undefined means the machine's default (memory-limit.ts). */
  readonly memoryLimit?: number | undefined;
  /** DuckDB's worker threads; undefined means one per core (`serve` uses `SERVER_THREADS`, memory-limit.ts). */
  readonly threads?: number | undefined;
}

/**
 * DuckDB checkpoints when the WAL passes this size, inside the commit that crossed it; at the 16 MB
 * default that stalls a commit (and every request in its group) for ~0.4 s every few seconds of
 * ingest. A larger threshold makes the stalls rare; the WAL it bounds is replayed on restart.
 */
const CHECKPOINT_THRESHOLD = '256MB';

export async function openDatabase(dataDir: string, options: DatabaseOptions = {}): Promise<DuckDBInstance> {
  ensureDataDir(dataDir);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(databaseFile(dataDir), {
      checkpoint_threshold: CHECKPOINT_THRESHOLD,
      memory_limit: memoryLimitSetting(options.memoryLimit),
      ...(options.threads === undefined ? {} : { threads: String(options.threads) }),
    });
  } catch (error) {
    if (error instanceof Error && /lock/i.test(error.message))
      throw new DataDirBusyError(dataDir, runningServer(dataDir));
    throw error;
  }
  const conn = await instance.connect();
  try {
    await migrate(conn, attachedFiles(dataDir));
  } catch (error) {
    conn.closeSync();
    instance.closeSync(); // the files stay free for whatever the user does next
    throw error;
  }
  conn.closeSync();
  return instance;
}
