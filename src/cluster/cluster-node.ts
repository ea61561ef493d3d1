/**
 * Runs a node's membership rounds in the background and tells the server what changed: partitions
 * gained (their entities must be rescored, since the node that had them may have died mid-pass) and
 * leadership gained or lost (sweeps, digests, escalations run on the leader only).
 */
import type { Logger } from '../lib/logger.ts';
import type { LeaseStore } from './lease-store.ts';
import { ClusterMembership, type ClusterView, partitionOf } from './membership.ts';

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
