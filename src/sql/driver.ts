/**
 * A Driver executes SQL text on one engine; it knows nothing about scores. Each driver owns its
 * connection and pairs with the dialect that renders SQL for it.
 */
import type { Dialect } from './dialect.ts';
import type { ResultRow } from './map-score-rows.ts';

export interface SqlDriver {
  readonly dialect: Dialect;
  /** Runs one statement and discards any rows. */
  execute(sql: string): Promise<void>;
  /** Runs one query and returns its rows as plain objects keyed by column name. */
  query(sql: string): Promise<readonly ResultRow[]>;
  /**
   * Runs one scoring query (full scans, joins over every entity) under the dialect's
   * `scoringSettings`, in a transaction of its own or the caller's; the settings are back to what
   * they were when it returns.
   */
  scoringQuery(sql: string): Promise<readonly ResultRow[]>;
  close(): Promise<void>;
}
