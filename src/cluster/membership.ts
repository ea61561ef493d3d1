/**
 * One node's place in a cluster of `kindling serve` processes on one database. Each round (every
 * third of the lease time) the node renews its heartbeat, competes for the leader lease, and takes
 * the real-time partitions that fall to it: partition p belongs to the (p mod n)-th live node in id
 * order. A partition the node should no longer own is released at once, so its new owner takes it on
 * its next round; a node that dies stops renewing, and its leases expire after `ttlMs`, so the others
 * take its work within `ttlMs` plus one round.
 */
import { hash64 } from '../lib/hash64.ts';
import type { LeaseStore } from './lease-store.ts';

export const LEADER_LEASE = 'leader';
const NODE_PREFIX = 'node:';
const PARTITION_PREFIX = 'partition:';

export interface MembershipOptions {
  readonly nodeId: string;
  /** How many real-time partitions the entities are hashed into; the same on every node. */
  readonly partitions: number;
  /** How long a lease lasts without renewal; a dead node's work moves within this plus one round. */
  readonly ttlMs: number;
}

export interface ClusterView {
  readonly nodes: readonly string[];
  readonly leader: boolean;
  readonly owned: ReadonlySet<number>;
}

/** The partition an entity's real-time work belongs to. */
export function partitionOf(workspaceId: string, entityId: string, partitions: number): number {
  return hash64(`${workspaceId}\u0000${entityId}`).lo % partitions;
}

export const partitionLease = (partition: number): string => `${PARTITION_PREFIX}${partition}`;

export class ClusterMembership {
  private view: ClusterView = { nodes: [], leader: false, owned: new Set() };

  constructor(
    private readonly leases: LeaseStore,
    readonly options: MembershipOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): ClusterView {
    return this.view;
  }

  isLeader(): boolean {
    return this.view.leader;
  }

  owns(partition: number): boolean {
    return this.view.owned.has(partition);
  }

  /** One round; run it every `ttlMs / 3`. */
  async tick(): Promise<ClusterView> {
    const { nodeId, partitions, ttlMs } = this.options;
    const now = this.now();
    await this.leases.acquire(`${NODE_PREFIX}${nodeId}`, nodeId, now, ttlMs);
    const leader = await this.leases.acquire(LEADER_LEASE, nodeId, now, ttlMs);
    const nodes = (await this.leases.live(NODE_PREFIX, now)).map((lease) => lease.holder).sort();
    const held = await this.leases.live(PARTITION_PREFIX, now);
    const owned = new Set<number>();
    for (let partition = 0; partition < partitions; partition++) {
      const name = partitionLease(partition);
      const mine = nodes[partition % nodes.length] === nodeId;
      const holder = held.find((lease) => lease.name === name)?.holder;
      if (mine && (await this.leases.acquire(name, nodeId, now, ttlMs))) owned.add(partition);
      else if (!mine && holder === nodeId) await this.leases.release(name, nodeId);
    }
    this.view = { nodes, leader, owned };
    return this.view;
  }

  /** Assumes nothing is held any more: rounds have failed for a lease time, so others may hold it all. */
  forget(): void {
    this.view = { nodes: [], leader: false, owned: new Set() };
  }

  /** Gives every lease up (a clean shutdown), so the others take the work on their next round. */
  async leave(): Promise<void> {
    const { nodeId, partitions } = this.options;
    for (let partition = 0; partition < partitions; partition++)
      await this.leases.release(partitionLease(partition), nodeId);
    await this.leases.release(LEADER_LEASE, nodeId);
    await this.leases.release(`${NODE_PREFIX}${nodeId}`, nodeId);
    this.view = { nodes: [], leader: false, owned: new Set() };
  }
}
