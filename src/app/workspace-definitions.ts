/**
 * Which definitions score each workspace in real time: the workspace's live version and, when
 * one is set, its shadow (src/versions/), else — for the one workspace the server's definition
 * file applies to — that file. Read from the store when the server starts, on every version change
 * the API or CLI announces in this process, and at every sweep; the engine asks synchronously,
 * between refreshes, from this cache. A change another process made (the CLI or another node on
 * PostgreSQL) is found at the next sweep and told to the listener like an announced one.
 *
 * Destinations are configured only in the server's file, so they belong to its workspace: a version
 * live in any other workspace is routed (owners, SLA) but alerts no destination, whatever its
 * `routing:` names. Otherwise one workspace could send its leads to another's webhook.
 */
import { loadDefinition } from '../definition/load-definition.ts';
import type { Logger } from '../lib/logger.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import type { Escalator } from '../realtime/escalate.ts';
import type { LiveDefinition } from '../realtime/live-definition.ts';
import type { QualificationRouter } from '../realtime/routing-port.ts';
import { currentVersions, type StoredVersion, versionChanges } from '../versions/index.ts';
import { liveDefinition } from './routing-wiring.ts';

/** The server's definition file as the engine runs it, and the workspace it applies to. */
export interface ServerLiveDefinition {
  readonly workspace: string;
  readonly definition: LiveDefinition;
}

export class WorkspaceDefinitions {
  private readonly cache = new Map<string, readonly LiveDefinition[]>();
  private readonly built = new Map<string, LiveDefinition>();
  private unsubscribe: (() => void) | null = null;
  private changed: ((workspaceId: string) => void) | null = null;
  private refreshing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: SqlClient,
    /** The server's definition file; null when the server has none. */
    private readonly server: ServerLiveDefinition | null,
    private readonly log: Logger,
  ) {}

  /** The definitions of one workspace, live first. */
  readonly forWorkspace = (workspaceId: string): readonly LiveDefinition[] => {
    const cached = this.cache.get(workspaceId);
    if (cached !== undefined) return cached;
    const file = this.fileOf(workspaceId);
    return file === null ? [] : [file];
  };

  /** The server's file, for the one workspace it applies to. */
  private fileOf(workspaceId: string): LiveDefinition | null {
    return this.server !== null && this.server.workspace === workspaceId ? this.server.definition : null;
  }

  /**
   * Re-reads the given workspaces (all of them when omitted), and tells the listener which
   * workspaces now score with other versions than before.
   */
  async refresh(workspaceIds?: readonly string[]): Promise<void> {
    const changed = await this.read(workspaceIds);
    if (this.changed !== null) for (const workspaceId of changed) this.changed(workspaceId);
  }

  /** Re-reads, and returns the workspaces whose definitions changed. */
  private async read(workspaceIds?: readonly string[]): Promise<string[]> {
    const ids =
      workspaceIds ?? (await this.db.query<{ id: string }>('SELECT id FROM workspaces')).map((row) => row.id);
    const changed: string[] = [];
    const versions = (definitions: readonly LiveDefinition[]) =>
      definitions.map((d) => `${d.version}:${d.shadow}`).join(' ');
    for (const workspaceId of ids) {
      const before = versions(this.forWorkspace(workspaceId));
      const current = await currentVersions(this.db, workspaceId);
      const live =
        current.live === null ? this.fileOf(workspaceId) : this.build(workspaceId, current.live, false);
      const shadow = current.shadow === null ? null : this.build(workspaceId, current.shadow, true);
      const now = [live, shadow].filter((d): d is LiveDefinition => d !== null);
      this.cache.set(workspaceId, now);
      if (versions(now) !== before) changed.push(workspaceId);
    }
    return changed;
  }

  /**
   * Refreshes a workspace whenever this process announces a change of its live or shadow version,
   * then calls `changed`; a later `refresh` that finds a change made elsewhere calls it too.
   */
  listen(changed: (workspaceId: string) => void): void {
    this.changed = changed;
    this.unsubscribe = versionChanges.subscribe((change) => {
      this.refreshing = this.refreshing
        .then(() => this.read([change.workspaceId]))
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
    this.changed = null;
    this.unsubscribe?.();
  }

  /** A stored version as the engine runs it; the server's own file keeps its configured routing. */
  private build(workspaceId: string, stored: StoredVersion, shadow: boolean): LiveDefinition {
    const file = this.fileOf(workspaceId);
    if (!shadow && file !== null && stored.version === file.version) return file;
    const mayAlert = file !== null;
    const key = `${stored.version}:${shadow}:${mayAlert}`;
    const cached = this.built.get(key);
    if (cached !== undefined) return cached;
    const routing = loadDefinition(stored.source, `version ${stored.version}`).routing;
    // In the file's workspace, a stored version alerts through the file's destinations its routing names.
    const routed = liveDefinition(stored.ir, routing, { shadow, destinations: [] });
    const definition = mayAlert ? routed : withoutDestinations(routed);
    this.built.set(key, definition);
    return definition;
  }
}

/** The definition routed as written (owners, SLA), with every destination and digest taken away. */
export function withoutDestinations(definition: LiveDefinition): LiveDefinition {
  const router: QualificationRouter = async (conn, facts) => {
    const decision = await definition.router(conn, facts);
    if (decision.destinations.length === 0 && decision.digestDestinations.length === 0) return decision;
    return {
      ...decision,
      destinations: [],
      digestDestinations: [],
      detail: `${decision.detail} (not sent: destinations belong to the server's definition workspace)`,
    };
  };
  const { escalate } = definition;
  const escalator: Escalator | undefined =
    escalate === undefined
      ? undefined
      : async (conn, lead, now) => {
          const escalation = await escalate(conn, lead, now);
          return escalation === null ? null : { ...escalation, destinations: [] };
        };
  const { digestAt: _digests, ...rest } = definition;
  return { ...rest, router, ...(escalator === undefined ? {} : { escalate: escalator }) };
}
