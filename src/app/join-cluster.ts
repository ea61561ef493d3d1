/**
 * One `kindling serve` among several on one PostgreSQL database (docs/scaling.md): the node follows
 * every node's commits through the commit feed, takes its share of the real-time partitions and
 * competes for the leader lease (src/cluster/). The embedded store has one process, which is the
 * whole cluster: `soloCluster` owns everything and leads.
 */
import { ClusterNode } from '../cluster/cluster-node.ts';
import type { LeaseStore } from '../cluster/lease-store.ts';
import { partitionOf } from '../cluster/membership.ts';
import { SqlLeaseStore } from '../cluster/sql-lease-store.ts';
import type { Logger } from '../lib/logger.ts';
import { PROCESS_NODE_ID } from '../outbox/node-id.ts';
import type { CommitSource } from '../realtime/commit-source.ts';
import type { EngineCluster } from '../realtime/realtime-engine.ts';
import { lastCommittedSeq } from '../realtime/start-points.ts';
import { CommitFeed } from '../store/commit-feed.ts';
import type { EventStore } from '../store/store.ts';

/** Entities are hashed into this many partitions; the same on every node. */
export const PARTITIONS = 64;
/** A dead node's partitions and leadership move within this plus one round (a third of it). */
export const LEASE_TTL_MS = 10_000;
/** How often the feed looks for other nodes' commits (a local commit looks at once). */
export const FEED_POLL_MS = 100;
/** The lease a node holds while it builds its real-time state at start: nodes take turns. */
export const START_LEASE = 'start:realtime';

export interface NodeRole {
  /** What the engine hears commits from: this process's store, or every node's through the feed. */
  readonly commits: CommitSource;
  /** The engine's partitions; undefined on a solo node (it owns every entity). */
  readonly engine: EngineCluster | undefined;
  /** Whether leader-only work (digests, failure notices, the CRM schedule, SLA sweeps) runs here now. */
  isLeader(): boolean;
  /** Runs `work` (building the engine's state) while no other node starting together does. */
  inTurn<T>(work: () => Promise<T>): Promise<T>;
  /** The engine exists: partitions gained from now on are handed over to it. */
  attach(engine: { takeOver(): void }): void;
  /** A sweep begins: partitions gained before it are this node's to record from now on. */
  sweepBegins(): void;
  /** Leaves the cluster (its leases released, so others take the work at once). */
  leave(): Promise<void>;
}

/** The embedded store's only process: it owns every entity and leads. */
export function soloRole(store: CommitSource): NodeRole {
  const { lastCommittedSeq } = store;
  return {
    commits: {
      onCommit: (listener) => store.onCommit(listener),
      flushed: () => store.flushed(),
      // The engine then folds rows it heard without asking the database where they end (issue 16).
      ...(lastCommittedSeq === undefined ? {} : { lastCommittedSeq: () => lastCommittedSeq.call(store) }),
    },
    engine: undefined,
    isLeader: () => true,
    inTurn: (work) => work(),
    attach: () => {},
    sweepBegins: () => {},
    leave: async () => {},
  };
}

export interface JoinOptions {
  readonly log: Logger;
  readonly now?: () => number;
  readonly nodeId?: string;
  readonly partitions?: number;
  readonly ttlMs?: number;
  readonly pollMs?: number;
}

/** Joins the nodes on `store`'s database: the first membership round runs before this resolves. */
export async function joinCluster(store: EventStore, options: JoinOptions): Promise<NodeRole> {
  const now = options.now ?? Date.now;
  const nodeId = options.nodeId ?? PROCESS_NODE_ID;
  const partitions = options.partitions ?? PARTITIONS;
  const ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  const leases = new SqlLeaseStore(store.database.client);
  const feed = new CommitFeed(store.database.client, {
    afterSeq: await lastCommittedSeq(store.database.client),
    now,
  });
  // Gained partitions count as this node's only once a sweep that began after the gain rescores
  // them from the states in the database: the states this process remembers of an entity another
  // node scored meanwhile are stale, and comparing with them could alert it twice.
  const waiting = new Set<number>();
  let engine: { takeOver(): void } | null = null;
  const node = new ClusterNode(leases, {
    nodeId,
    partitions,
    ttlMs,
    log: options.log,
    now,
    onGained: (gained) => {
      for (const partition of gained) waiting.add(partition);
      options.log.info('this node takes over real-time partitions', {
        node: nodeId,
        partitions: gained.length,
      });
      engine?.takeOver();
    },
  });
  await node.start();
  const poll = followCommits(feed, store, options.pollMs ?? FEED_POLL_MS, options.log);
  return {
    commits: {
      onCommit: (listener) => {
        const stop = feed.onCommit(listener);
        poll.start();
        return stop;
      },
      flushed: async () => {
        await store.flushed();
        await feed.poll();
      },
    },
    engine: {
      owns: (workspaceId, entityId) =>
        node.owns(workspaceId, entityId) && !waiting.has(partitionOf(workspaceId, entityId, partitions)),
      isLeader: () => node.isLeader(),
      fence: (tx, workspaceId, entityIds) => node.fence(tx, workspaceId, entityIds),
    },
    isLeader: () => node.isLeader(),
    inTurn: (work) => inTurn(leases, { nodeId, ttlMs, now }, work),
    attach: (running) => {
      engine = running;
    },
    sweepBegins: () => waiting.clear(),
    async leave() {
      poll.stop();
      engine = null;
      await node.stop();
    },
  };
}

/** Reads the feed every `pollMs`, and at once after each local commit. */
function followCommits(
  feed: CommitFeed,
  store: EventStore,
  pollMs: number,
  log: Logger,
): { start(): void; stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  const read = () => {
    feed.poll().catch((error: unknown) =>
      log.warn('could not read the commit feed; retrying', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  };
  return {
    start() {
      if (timer !== null) return;
      timer = setInterval(read, pollMs);
      timer.unref();
      unsubscribe = store.onCommit(read);
      read();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}

/** Holds `START_LEASE` (renewed while `work` runs) around `work`; waits while another node holds it. */
async function inTurn<T>(
  leases: LeaseStore,
  options: { readonly nodeId: string; readonly ttlMs: number; readonly now: () => number },
  work: () => Promise<T>,
): Promise<T> {
  const { nodeId, ttlMs, now } = options;
  while (!(await leases.acquire(START_LEASE, nodeId, now(), ttlMs))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const renew = setInterval(
    () => {
      void leases.acquire(START_LEASE, nodeId, now(), ttlMs).catch(() => false);
    },
    Math.floor(ttlMs / 3),
  );
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await leases.release(START_LEASE, nodeId).catch(() => undefined);
  }
}
