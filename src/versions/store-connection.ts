/**
 * The embedded database connection behind an `EventStore`, for the admin routes that read and write
 * Kindling's own tables (versions, funnel metrics); null for a store that is not the DuckDB one.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { EventStore } from '../store/store.ts';

export function storeConnection(store: EventStore): DuckDBConnection | null {
  return store instanceof DuckDbStore ? store.readConn : null;
}
