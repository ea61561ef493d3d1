import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { until } from '../../test/support/until.ts';
import { partitionOf } from '../cluster/membership.ts';
import { createLogger } from '../lib/logger.ts';
import type { CommittedWrite } from '../realtime/commit-source.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { joinCluster, type NodeRole } from './join-cluster.ts';

const log = createLogger('error');
const dirs: { remove(): void }[] = [];
const openStore = async (): Promise<DuckDbStore> => {
  const dir = tempDir();
  dirs.push(dir);
  const opened = await DuckDbStore.open(dir.path);
  store = opened;
  return opened;
};
let store: DuckDbStore | undefined;
const roles: NodeRole[] = [];

afterEach(async () => {
  for (const role of roles.splice(0)) await role.leave();
  await store?.close();
  store = undefined;
  for (const dir of dirs.splice(0)) dir.remove();
});

const PARTITIONS = 8;
const join = async (nodeId: string) => {
  if (store === undefined) throw new Error('open the store first');
  const role = await joinCluster(store, { log, nodeId, partitions: PARTITIONS, ttlMs: 900, pollMs: 20 });
  roles.push(role);
  return role;
};

/** An entity id in each partition, so a test can ask who owns which. */
const entityIn = (partition: number): string => {
  for (let n = 0; ; n++) if (partitionOf('ws', `e${n}`, PARTITIONS) === partition) return `e${n}`;
};

it('hears every commit through the feed, and counts gained partitions only once a sweep begins', async () => {
  const opened = await openStore();
  const a = await join('a');
  const heard: CommittedWrite[] = [];
  a.commits.onCommit((writes) => heard.push(...writes));
  await opened.appendTraits('ws', [
    { entityType: 'user', entityId: 'u1', key: 'plan', value: '"pro"', timestamp: null, source: 'test' },
  ]);
  await a.commits.flushed();
  expect(heard.map((write) => write.traits.map((row) => row.entityId))).toEqual([['u1']]);

  // Alone, `a` leads and holds every partition, but records for them only after a sweep began.
  let takeOvers = 0;
  a.attach({ takeOver: () => takeOvers++ });
  expect(a.isLeader()).toBe(true);
  expect(a.engine?.owns('ws', entityIn(0))).toBe(false);
  a.sweepBegins();
  expect(a.engine?.owns('ws', entityIn(0))).toBe(true);

  // A second node joins: the partitions are shared, each one owned by one node; one leader.
  const b = await join('b');
  b.attach({ takeOver: () => {} });
  const owners = (p: number) =>
    [a, b].filter((role) => role.engine?.owns('ws', entityIn(p)) === true).map((role) => role === a);
  const shared = () => {
    b.sweepBegins();
    const byPartition = [...Array(PARTITIONS).keys()].map(owners);
    return (
      byPartition.every((list) => list.length === 1) &&
      byPartition.some((list) => list[0] === true) &&
      byPartition.some((list) => list[0] === false)
    );
  };
  await until(shared, 'the partitions shared by the two nodes', 30_000);
  expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);

  // `b` leaves: `a` gains its partitions back, is told to take them over, and owns them after a sweep.
  const before = takeOvers;
  await b.leave();
  roles.splice(roles.indexOf(b), 1);
  await until(() => takeOvers > before, 'the partitions taken over', 30_000);
  a.sweepBegins();
  await until(
    () => [...Array(PARTITIONS).keys()].every((p) => a.engine?.owns('ws', entityIn(p)) === true),
    'every partition back on the first node',
    30_000,
  );
});

it('lets nodes starting together build their state in turns', async () => {
  await openStore();
  const [a, b] = await Promise.all([join('a'), join('b')]);
  if (a === undefined || b === undefined) throw new Error('nodes did not join');
  let inside = 0;
  let most = 0;
  const build = async () => {
    inside++;
    most = Math.max(most, inside);
    await new Promise((resolve) => setImmediate(resolve));
    inside--;
  };
  await Promise.all([a.inTurn(build), b.inTurn(build)]);
  expect(most).toBe(1);
});
