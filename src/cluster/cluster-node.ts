/**
 * Runs a node's membership rounds in the background and tells the server what changed: partitions
 * gained (their entities must be rescored, since the node that had them may have died mid-pass) and
 * leadership gained or lost (sweeps, digests, escalations run on the leader only).
 */
import type { Logger } from '../lib/logger.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import type { LeaseStore } from './lease-store.ts';
import { ClusterMembership, type ClusterView, partitionLease, partitionOf } from './membership.ts';

/** A pass would record entities whose partition this node no longer holds. */
export class FencedError extends Error {
  constructor(readonly partitions: readonly number[]) {
    super(`this node no longer holds partitions ${partitions.join(', ')}; another node scores them now`);
  }
}

export interface ClusterNodeOptions {
  readonly nodeId: string;
  readonly partitions: number;
  readonly ttlMs: number;
  readonly log: Logger;
  readonly now?: () => number;
  /** Called after a round in which this node took partitions it did not hold before. */
  readonly onGained?: (partitions: readonly number[]) => void;
}

export class ClusterNode {
  private readonly membership: ClusterMembership;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private lastRoundAt = Number.NEGATIVE_INFINITY;

  constructor(
    leases: LeaseStore,
    private readonly options: ClusterNodeOptions,
  ) {
    this.membership = new ClusterMembership(
      leases,
      { nodeId: options.nodeId, partitions: options.partitions, ttlMs: options.ttlMs },
      options.now,
    );
  }

  get view(): ClusterView {
    return this.membership.current;
  }

  isLeader(): boolean {
    return this.membership.isLeader();
  }

  /** Whether this node does the real-time work of that entity now. */
  owns(workspaceId: string, entityId: string): boolean {
    return this.membership.owns(partitionOf(workspaceId, entityId, this.options.partitions));
  }

  /**
   * Inside a transaction: throws `FencedError` unless this node still holds the partitions of these
   * entities, and (on PostgreSQL) locks their lease rows until COMMIT, so no other node can take one
   * over while this transaction records for it.
   */
  async fence(tx: SqlClient, workspaceId: string, entityIds: readonly string[]): Promise<void> {
    const partitions = [
      ...new Set(entityIds.map((id) => partitionOf(workspaceId, id, this.options.partitions))),
    ];
    const names = partitions.map(partitionLease);
    const now = (this.options.now ?? Date.now)();
    const held = await tx.query<{ name: string }>(
      `SELECT name FROM leases WHERE ${tx.sql.anyOf('name', 1)} AND holder = $2 AND expires_at > ${tx.sql.at(3)}
       ${tx.sql.lockRows}`,
      [names, this.options.nodeId, now],
    );
    const heldNames = new Set(held.map((row) => row.name));
    const lost = partitions.filter((partition) => !heldNames.has(partitionLease(partition)));
    if (lost.length > 0) throw new FencedError(lost);
  }

  /** Joins: one round at once (so the node starts with its share), then one every third of a lease. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(250, Math.floor(this.options.ttlMs / 3)));
    this.timer.unref();
  }

  /** Leaves cleanly: the other nodes take this node's work on their next round. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.round;
    await this.membership.leave().catch((error: unknown) => {
      this.options.log.warn('could not release cluster leases; they expire on their own', {
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }

  tick(): Promise<void> {
    this.round ??= this.once().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private async once(): Promise<void> {
    const now = this.options.now ?? Date.now;
    const before = this.membership.current;
    try {
      const after = await this.membership.tick();
      this.lastRoundAt = now();
      const gained = [...after.owned].filter((partition) => !before.owned.has(partition));
      if (after.leader !== before.leader)
        this.options.log.info(
          after.leader ? 'this node now leads the cluster' : 'this node no longer leads',
          {
            node: this.options.nodeId,
          },
        );
      if (gained.length > 0) this.options.onGained?.(gained);
    } catch (error) {
      this.options.log.warn('cluster round failed; leases are retried next round', {
        error: error instanceof Error ? error.message : String(error),
      });
      // Past a lease time without a round, another node may hold everything this one thought it had.
      if (now() - this.lastRoundAt >= this.options.ttlMs) this.membership.forget();
    }
  }
}
