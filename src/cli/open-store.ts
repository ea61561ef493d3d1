/**
 * How CLI commands open the store: the one place that reads `--data-dir` / `--database-url` (and
 * their environment variables) and opens either back end.
 *
 * On PostgreSQL there is no lock: a command opens the database beside any running servers. On the
 * embedded DuckDB, a running server holds the data directory, so the command gets that server's URL
 * instead, to go through its API or say so clearly. Back ends are imported only when a store is
 * opened, so commands that never open one start without loading a database library.
 */
import { loadConfig } from '../config/config.ts';
import { DataDirBusyError, type ServerInfo } from '../store/data-dir.ts';
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { isPostgres, openEventStore, type StoreLocation } from '../store/open-event-store.ts';
import type { EventStore } from '../store/store.ts';
import { UserError } from './run-action.ts';

export type { StoreLocation };

export type StoreAccess<S extends EventStore = EventStore> =
  | { readonly kind: 'local'; readonly store: S }
  | { readonly kind: 'server'; readonly server: ServerInfo };

/** `--database-url`, declared by every command that touches stored data (beside its `--data-dir`). */
export const DATABASE_URL_OPTION = [
  '--database-url <url>',
  'PostgreSQL database instead of the data directory (env KINDLING_DATABASE_URL)',
] as const;

/** `--memory-limit`, declared by every command that may open the embedded database for heavy work. */
export const MEMORY_LIMIT_OPTION = [
  '--memory-limit <size>',
  'memory the embedded database may use, e.g. 768MB or 1GiB (env KINDLING_MEMORY_LIMIT, default a quarter of RAM within 256 MiB–1 GiB)',
] as const;

/** The store a command's flags name; flags win over the environment (KINDLING_DATA_DIR, KINDLING_DATABASE_URL). */
export function storeLocation(flags: {
  readonly dataDir?: string;
  readonly databaseUrl?: string;
}): StoreLocation {
  const config = loadConfig({ dataDir: flags.dataDir, databaseUrl: flags.databaseUrl });
  return { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
}

/** A data directory alone still honours KINDLING_DATABASE_URL. */
const located = (where: string | StoreLocation): StoreLocation =>
  typeof where === 'string' ? storeLocation({ dataDir: where }) : where;

export async function openStoreOrServer(where: string | StoreLocation): Promise<StoreAccess> {
  const location = located(where);
  try {
    return { kind: 'local', store: await openEventStore(location) };
  } catch (error) {
    if (error instanceof DataDirBusyError && error.server !== null)
      return { kind: 'server', server: error.server };
    throw error;
  }
}

/** For commands that need the store itself: a running server is named, with what to do instead. */
export async function requireLocalStore(where: string | StoreLocation, command: string): Promise<EventStore> {
  const access = await openStoreOrServer(where);
  if (access.kind === 'local') return access.store;
  throw busy(access.server, located(where), command);
}

/**
 * For the commands still written against the embedded store's own connection (until they take the
 * ports too): with a database URL they say they do not run on PostgreSQL yet.
 */
export async function openEmbeddedOrServer(
  where: string | StoreLocation,
  command: string,
): Promise<StoreAccess<DuckDbStore>> {
  const location = located(where);
  if (isPostgres(location))
    throw new UserError(
      `\`kindling ${command}\` does not run on PostgreSQL yet; run it on the embedded data directory ` +
        '(without --database-url / KINDLING_DATABASE_URL), or use the admin API of a server.',
      2,
    );
  const access = await openStoreOrServer(location);
  if (access.kind === 'server') return access;
  const { DuckDbStore } = await import('../store/duckdb/duckdb-store.ts');
  if (access.store instanceof DuckDbStore) return { kind: 'local', store: access.store };
  await access.store.close();
  throw new Error('the embedded location opened another back end');
}

export async function requireEmbeddedStore(
  where: string | StoreLocation,
  command: string,
): Promise<DuckDbStore> {
  const access = await openEmbeddedOrServer(where, command);
  if (access.kind === 'local') return access.store;
  throw busy(access.server, located(where), command);
}

function busy(server: ServerInfo, location: StoreLocation, command: string): UserError {
  return new UserError(
    `A Kindling server (pid ${server.pid}, ${server.url}) holds ${location.dataDir}. ` +
      `Stop it to run \`kindling ${command}\` here, or use its admin API (/api/scores, /api/entities/:type/:id/explain).`,
  );
}
