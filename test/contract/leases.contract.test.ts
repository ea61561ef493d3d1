/** Leases and cluster membership (src/cluster/), the same on every storage back end. */
import { expect, it } from 'vitest';
import { ClusterNode, FencedError } from '../../src/cluster/cluster-node.ts';
import { ClusterMembership, partitionOf } from '../../src/cluster/membership.ts';
import { SqlLeaseStore } from '../../src/cluster/sql-lease-store.ts';
import { createLogger } from '../../src/lib/logger.ts';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import { databasesPerTest, describeEachBackend, type TestDatabase } from '../support/backends.ts';

const TTL = 10_000;

describeEachBackend('leases', (open) => {
  const database = databasesPerTest(open);

  it('is held by one node until it expires, renewed by its holder, released on demand', async () => {
    const leases = new SqlLeaseStore((await database()).database.client);
    expect(await leases.acquire('leader', 'a', 0, TTL)).toBe(true);
    expect(await leases.acquire('leader', 'b', 5_000, TTL)).toBe(false);
    expect(await leases.acquire('leader', 'a', 9_000, TTL)).toBe(true);
    expect(await leases.acquire('leader', 'b', 15_000, TTL)).toBe(false);
    expect(await leases.live('lead', 15_000)).toEqual([{ name: 'leader', holder: 'a', expiresAt: 19_000 }]);
    expect(await leases.acquire('leader', 'b', 19_000, TTL)).toBe(true);
    await leases.release('leader', 'a');
    expect(await leases.live('leader', 19_001)).toEqual([{ name: 'leader', holder: 'b', expiresAt: 29_000 }]);
    await leases.release('leader', 'b');
    expect(await leases.live('', 19_001)).toEqual([]);
  });

  it('spreads partitions over live nodes, one owner each, and moves a dead node’s within a lease time', async () => {
    const first = await database();
    let now = 0;
    const node = async (id: string, db: TestDatabase) =>
      new ClusterMembership(
        new SqlLeaseStore(db.database.client),
        { nodeId: id, partitions: 12, ttlMs: TTL },
        () => now,
      );
    const nodes = [
      await node('n1', first),
      await node('n2', await first.reopen()),
      await node('n3', await first.reopen()),
    ];
    const round = async (alive: readonly ClusterMembership[]) => {
      for (const member of alive) await member.tick();
      for (const member of alive) await member.tick();
    };
    const owners = (alive: readonly ClusterMembership[]) =>
      Array.from({ length: 12 }, (_, p) =>
        alive.filter((member) => member.owns(p)).map((m) => m.options.nodeId),
      );

    await round(nodes);
    expect(owners(nodes).every((held) => held.length === 1)).toBe(true);
    expect(nodes.map((member) => member.current.owned.size)).toEqual([4, 4, 4]);
    expect(nodes.filter((member) => member.isLeader())).toHaveLength(1);

    // n1 (the leader, first in id order) stops renewing; within a lease time the others take over.
    const [, ...survivors] = nodes;
    now += TTL / 3;
    await round(survivors);
    now += TTL;
    await round(survivors);
    expect(owners(survivors).every((held) => held.length === 1)).toBe(true);
    expect(survivors.map((member) => member.current.owned.size)).toEqual([6, 6]);
    expect(survivors.filter((member) => member.isLeader())).toHaveLength(1);

    // A node that leaves cleanly hands its work over on the next round, before any lease expires.
    await survivors[0]?.leave();
    const last = survivors[1];
    if (last === undefined) throw new Error('unreachable');
    now += 1;
    await last.tick();
    expect(last.current.owned.size).toBe(12);
    expect(last.isLeader()).toBe(true);
  });

  it('hashes an entity to the same partition everywhere', () => {
    expect(partitionOf('ws', 'acct-1', 12)).toBe(partitionOf('ws', 'acct-1', 12));
    const spread = new Set(Array.from({ length: 200 }, (_, i) => partitionOf('ws', `acct-${i}`, 12)));
    expect(spread.size).toBe(12);
  });
});

describeEachBackend('fencing', (open) => {
  it('lets a node record only while it holds the partitions, and refuses once another took them', async () => {
    const db = await open();
    try {
      let now = 0;
      const log = createLogger('error');
      const node = (id: string, client: SqlClient) =>
        new ClusterNode(new SqlLeaseStore(client), {
          nodeId: id,
          partitions: 4,
          ttlMs: TTL,
          log,
          now: () => now,
        });
      const a = node('a', db.database.client);
      await a.tick();
      await db.database.client.transaction((tx) => a.fence(tx, 'ws', ['acme', 'globex']));

      // a stops renewing; after a lease time b holds everything, and a's next pass is refused.
      const b = node('b', (await db.reopen()).database.client);
      now += TTL + 1;
      await b.tick();
      await expect(
        db.database.client.transaction((tx) => a.fence(tx, 'ws', ['acme'])),
      ).rejects.toBeInstanceOf(FencedError);
      await db.database.client.transaction((tx) => b.fence(tx, 'ws', ['acme']));
    } finally {
      await db.close();
    }
  });
});
