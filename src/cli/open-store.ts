/**
 * Opens the embedded store for a CLI command. When a running server holds the data directory, the
 * command gets that server's URL instead, so it can go through the API or say so clearly.
 * DuckDB is imported only here, when a store is opened, so commands that never open one (and
 * `validate` without a data directory) start without loading it.
 */
import { DataDirBusyError, type ServerInfo } from '../store/data-dir.ts';
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { UserError } from './run-action.ts';

export type StoreAccess =
  | { readonly kind: 'local'; readonly store: DuckDbStore }
  | { readonly kind: 'server'; readonly server: ServerInfo };

export async function openStoreOrServer(dataDir: string): Promise<StoreAccess> {
  const { DuckDbStore } = await import('../store/duckdb/duckdb-store.ts');
  try {
    return { kind: 'local', store: await DuckDbStore.open(dataDir) };
  } catch (error) {
    if (error instanceof DataDirBusyError && error.server !== null)
      return { kind: 'server', server: error.server };
    throw error;
  }
}

/** For commands that need the store itself: a running server is named, with what to do instead. */
export async function requireLocalStore(dataDir: string, command: string): Promise<DuckDbStore> {
  const access = await openStoreOrServer(dataDir);
  if (access.kind === 'local') return access.store;
  throw new UserError(
    `A Kindling server (pid ${access.server.pid}, ${access.server.url}) holds ${dataDir}. ` +
      `Stop it to run \`kindling ${command}\` here, or use its admin API (/api/scores, /api/entities/:type/:id/explain).`,
  );
}
