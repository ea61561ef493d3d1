/**
 * Which definitions score each workspace in real time: the workspace's live version and, when
 * one is set, its shadow (src/versions/), else the server's definition file. Read from the store
 * when the server starts, on every version change the API or CLI announces, and at every sweep;
 * the engine asks synchronously, between refreshes, from this cache.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadDefinition } from '../definition/load-definition.ts';
import { DEMO_WORKSPACE } from '../demo/demo-workspace.ts';
import type { Logger } from '../lib/logger.ts';
import type { LiveDefinition } from '../realtime/live-definition.ts';
import { currentVersions, type StoredVersion, versionChanges } from '../versions/index.ts';
import { liveDefinition } from './routing-wiring.ts';

export class WorkspaceDefinitions {
  private readonly cache = new Map<string, readonly LiveDefinition[]>();
  private readonly built = new Map<string, LiveDefinition>();
  private unsubscribe: (() => void) | null = null;
  private refreshing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly conn: DuckDBConnection,
    /** The server's definition file, as a live definition; null when the server has none. */
    private readonly fallback: LiveDefinition | null,
    private readonly log: Logger,
  ) {}

  /** The definitions of one workspace, live first. */
  readonly forWorkspace = (workspaceId: string): readonly LiveDefinition[] =>
    this.cache.get(workspaceId) ?? this.fallbackFor(workspaceId);

  /** The demo workspace is scored only by its own version, never by the server's file. */
  private fallbackFor(workspaceId: string): readonly LiveDefinition[] {
    return this.fallback === null || workspaceId === DEMO_WORKSPACE ? [] : [this.fallback];
  }

  /** Re-reads the given workspaces (all of them when omitted). */
  async refresh(workspaceIds?: readonly string[]): Promise<void> {
    const ids =
      workspaceIds ??
      (await this.conn.runAndReadAll('SELECT id FROM workspaces')).getRows().map(([id]) => String(id));
    for (const workspaceId of ids) {
      const current = await currentVersions(this.conn, workspaceId);
      // The demo workspace has no live version while it fills: it must not borrow the server's file.
      const live =
        current.live === null ? (this.fallbackFor(workspaceId)[0] ?? null) : this.build(current.live, false);
      const shadow = current.shadow === null ? null : this.build(current.shadow, true);
      this.cache.set(
        workspaceId,
        [live, shadow].filter((d): d is LiveDefinition => d !== null),
      );
    }
  }

  /** Refreshes a workspace whenever its live or shadow version changes, then calls `changed`. */
  listen(changed: (workspaceId: string) => void): void {
    this.unsubscribe = versionChanges.subscribe((change) => {
      this.refreshing = this.refreshing
        .then(() => this.refresh([change.workspaceId]))
        .then(() => changed(change.workspaceId))
        .catch((error: unknown) =>
          this.log.error('could not read the new definition version', {
            workspace: change.workspaceId,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
    });
  }

  /** Resolves when every announced change has been read. */
  async idle(): Promise<void> {
    await this.refreshing;
  }

  close(): void {
    this.unsubscribe?.();
  }

  /** A stored version as the engine runs it; the server's own file keeps its configured routing. */
  private build(stored: StoredVersion, shadow: boolean): LiveDefinition {
    if (!shadow && this.fallback !== null && stored.version === this.fallback.version) return this.fallback;
    const key = `${stored.version}:${shadow}`;
    const cached = this.built.get(key);
    if (cached !== undefined) return cached;
    const routing = loadDefinition(stored.source, `version ${stored.version}`).routing;
    // A stored version alerts only through destinations of the server's file that its routing names.
    const definition = liveDefinition(stored.ir, routing, { shadow, destinations: [] });
    this.built.set(key, definition);
    return definition;
  }
}
