import { afterEach, expect, it } from 'vitest';
import { openDuckDbTestDatabase, type TestDatabase } from '../../test/support/backends.ts';
import { createLogger } from '../lib/logger.ts';
import { ClusterNode } from './cluster-node.ts';
import type { LeaseStore } from './lease-store.ts';
import { partitionOf } from './membership.ts';
import { SqlLeaseStore } from './sql-lease-store.ts';

const log = createLogger('error');
let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.close();
});

/** The real lease store, made to fail while `down` is set: the database unreachable. */
function flaky(store: LeaseStore): LeaseStore & { down: boolean } {
  const wrapper = {
    down: false,
    acquire: (...args: Parameters<LeaseStore['acquire']>) =>
      wrapper.down ? Promise.reject(new Error('connection refused')) : store.acquire(...args),
    release: (...args: Parameters<LeaseStore['release']>) =>
      wrapper.down ? Promise.reject(new Error('connection refused')) : store.release(...args),
    live: (...args: Parameters<LeaseStore['live']>) =>
      wrapper.down ? Promise.reject(new Error('connection refused')) : store.live(...args),
  };
  return wrapper;
}

it('reports the partitions it gains, owns entities by hash, and lets go after a lease time unreachable', async () => {
  db = await openDuckDbTestDatabase();
  const leases = flaky(new SqlLeaseStore(db.database.client));
  let now = 0;
  const gained: number[][] = [];
  const node = new ClusterNode(leases, {
    nodeId: 'solo',
    partitions: 4,
    ttlMs: 9_000,
    log,
    now: () => now,
    onGained: (partitions) => gained.push([...partitions]),
  });
  await node.tick();
  expect(gained).toEqual([[0, 1, 2, 3]]);
  expect(node.isLeader()).toBe(true);
  expect(node.owns('ws', 'acme')).toBe(true);
  expect(partitionOf('ws', 'acme', 4)).toBeLessThan(4);

  leases.down = true;
  now += 3_000;
  await node.tick();
  expect(node.isLeader()).toBe(true); // one failed round: still within the lease
  now += 6_000;
  await node.tick();
  expect(node.isLeader()).toBe(false);
  expect(node.owns('ws', 'acme')).toBe(false);

  leases.down = false;
  now += 1;
  await node.tick();
  expect(gained.at(-1)).toEqual([0, 1, 2, 3]);
  await node.stop();
  expect(await new SqlLeaseStore(db.database.client).live('', now)).toEqual([]);
});
