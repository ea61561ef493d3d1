/**
 * How CLI commands open the store: the one place that reads `--data-dir` / `--database-url` (and
 * their environment variables) and opens either back end.
 *
 * Every command runs on the `EventStore` of either back end. On PostgreSQL there is no lock: a
 * command opens the database beside any running servers. On the embedded DuckDB, a running server
 * holds the data directory, so the command gets that server's URL instead, to go through its API
 * or say what to do (`serverHolds`). Back ends are imported only when a store is
 * opened, so commands that never open one start without loading a database library.
 */
import { loadConfig } from '../config/config.ts';
import { DataDirBusyError, type ServerInfo } from '../store/data-dir.ts';
import { openEventStore, type StoreLocation } from '../store/open-event-store.ts';
import type { EventStore } from '../store/store.ts';
import { UserError } from './run-action.ts';

export type { StoreLocation };

export type StoreAccess =
  | { readonly kind: 'local'; readonly store: EventStore }
  | { readonly kind: 'server'; readonly server: ServerInfo };

/** `--database-url`, declared by every command that touches stored data (beside its `--data-dir`). */
export const DATABASE_URL_OPTION = [
  '--database-url <url>',
  'PostgreSQL database instead of the data directory (env KINDLING_DATABASE_URL)',
] as const;

/** `--memory-limit`, declared by every command that may open the embedded database for heavy work. */
export const MEMORY_LIMIT_OPTION = [
  '--memory-limit <size>',
  'memory the embedded database may use, e.g. 768MB or 1GiB (env KINDLING_MEMORY_LIMIT, default a quarter of RAM within 256 MiB–1 GiB; serve: 256 MiB)',
] as const;

/**
 * The store a command's flags name; flags win over the environment (KINDLING_DATA_DIR,
 * KINDLING_DATABASE_URL, KINDLING_MEMORY_LIMIT).
 */
export function storeLocation(flags: {
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly memoryLimit?: string;
}): StoreLocation {
  const config = loadConfig({
    dataDir: flags.dataDir,
    databaseUrl: flags.databaseUrl,
    memoryLimit: flags.memoryLimit,
  });
  return { dataDir: config.dataDir, databaseUrl: config.databaseUrl, memoryLimit: config.memoryLimit };
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

/**
 * For commands that need the store itself: a running server is named, with what to do instead
 * (`alternative`: a further way, such as its admin API).
 */
export async function requireLocalStore(
  where: string | StoreLocation,
  command: string,
  alternative?: string,
): Promise<EventStore> {
  const access = await openStoreOrServer(where);
  if (access.kind === 'local') return access.store;
  throw serverHolds(access.server, located(where), command, alternative);
}

/**
 * What a command that needs the store itself says when a server holds the embedded data directory:
 * stop the server, or run against PostgreSQL, where commands and servers share the database.
 * `alternative` names a further way, such as the server's admin API.
 */
export function serverHolds(
  server: ServerInfo,
  location: StoreLocation,
  command: string,
  alternative?: string,
): UserError {
  return new UserError(
    `A Kindling server (pid ${server.pid}, ${server.url}) holds ${location.dataDir}: stop it, ` +
      `${alternative === undefined ? 'or ' : `${alternative}, or `}run \`kindling ${command}\` against PostgreSQL with --database-url.`,
  );
}
