/**
 * The do-not-contact list as the API and the CLI use it. Implemented on the embedded database
 * (sql-suppression-store.ts, on either back end) and over the admin API for a CLI beside a running server
 * (http-suppression-store.ts). Every call is scoped to one workspace.
 */
import type { SuppressionEntry, SuppressionKind, SuppressionRecord } from './suppression-entry.ts';

export interface AddResult {
  /** New entries. */
  readonly added: number;
  /** Entries already on the list (their reason and source are replaced). */
  readonly updated: number;
}

export interface ListOptions {
  readonly kind?: SuppressionKind;
  /** Default 1000. */
  readonly limit?: number;
}

export interface SuppressionStore {
  list(workspaceId: string, options?: ListOptions): Promise<SuppressionRecord[]>;
  add(workspaceId: string, entries: readonly SuppressionEntry[], source: string): Promise<AddResult>;
  /** The removed entry, or null when it was not on the list. */
  remove(workspaceId: string, kind: SuppressionKind, value: string): Promise<SuppressionRecord | null>;
}
