/**
 * Where Kindling stores its data, and opening it: a PostgreSQL database when a URL is given (any
 * number of processes share it), else the embedded DuckDB file in the data directory (one process
 * at a time). Each back end's library is loaded only when that back end is opened.
 */
import type { EventStore } from './store.ts';

export interface StoreLocation {
  readonly dataDir: string;
  /** `postgres://…`; undefined means the embedded database in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** Bytes the embedded database may use (`--memory-limit`); undefined means the machine's default. */
  readonly memoryLimit?: number | undefined;
  /** The embedded database's worker threads; undefined means one per core. */
  readonly threads?: number | undefined;
}

export const isPostgres = (location: StoreLocation): boolean =>
  location.databaseUrl !== undefined && location.databaseUrl !== '';

/** Opens (creating or migrating as needed) the store at `location`. */
export async function openEventStore(
  location: StoreLocation,
  now: () => number = Date.now,
): Promise<EventStore> {
  if (location.databaseUrl !== undefined && location.databaseUrl !== '') {
    const { PgStore } = await import('./postgres/pg-store.ts');
    return PgStore.open(location.databaseUrl, { now });
  }
  const { DuckDbStore } = await import('./duckdb/duckdb-store.ts');
  return DuckDbStore.open(location.dataDir, now, {
    memoryLimit: location.memoryLimit,
    threads: location.threads,
  });
}
