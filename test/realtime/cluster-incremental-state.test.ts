/**
 * Incremental state on two nodes of one PostgreSQL database (src/realtime/README.md, "Many nodes"):
 * every node folds every commit in, the leader saves the state. A node stops; the other takes its
 * partitions over with the state it already holds (it reads only the new rows, no rescan) and
 * qualifies the entities whose third event arrives meanwhile, each exactly once. The stopped node
 * starts again and restores the saved checkpoint, reading only the rows stored after it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { joinCluster, type NodeRole } from '../../src/app/join-cluster.ts';
import type { LiveDefinition } from '../../src/realtime/live-definition.ts';
import { QualificationFeed } from '../../src/realtime/qualification-feed.ts';
import { RealtimeEngine } from '../../src/realtime/realtime-engine.ts';
import type { EventStore } from '../../src/store/store.ts';
import { openPostgresTestDatabase, POSTGRES_RUN_URL, type TestDatabase } from '../support/backends.ts';
import { busyWeek, keptLog } from '../support/busy-week.ts';
import { eventStoreOn, trackOf } from '../support/event-stores.ts';
import { until } from '../support/until.ts';

const { log, errors } = keptLog();
const definition = (): LiveDefinition => busyWeek();

const USERS = Array.from({ length: 16 }, (_, n) => `u${n}`);
const PARTITIONS = 8;

interface Node {
  readonly store: EventStore;
  readonly role: NodeRole;
  readonly engine: RealtimeEngine;
}

describe.skipIf(POSTGRES_RUN_URL === null)('incremental state on two nodes (postgres)', () => {
  let db: TestDatabase | undefined;
  const nodes: Node[] = [];
  afterEach(async () => {
    for (const node of nodes.splice(0)) await stopNode(node);
    await db?.close();
    db = undefined;
  });

  async function startNode(handle: TestDatabase, nodeId: string): Promise<Node> {
    const store = await eventStoreOn(handle);
    const role = await joinCluster(store, { log, nodeId, partitions: PARTITIONS, ttlMs: 1_500, pollMs: 20 });
    const engine = await RealtimeEngine.create({
      store: { database: store.database, onCommit: role.commits.onCommit, flushed: role.commits.flushed },
      definitions: (ws) => (ws === 'ws' ? [definition()] : []),
      beforeSweep: async () => role.sweepBegins(),
      evaluation: { domainAccounts: false },
      feed: new QualificationFeed(),
      log,
      workspaceIds: ['ws'],
      sweepMs: 300,
      // The leader saves every 2 s (the default is a minute): the test waits for its saves.
      stateSaveEveryMs: 2_000,
      ...(role.engine === undefined ? {} : { cluster: role.engine }),
    });
    await role.inTurn(() => engine.prepare());
    role.attach(engine);
    engine.start();
    const node = { store, role, engine };
    nodes.push(node);
    return node;
  }

  async function stopNode(node: Node): Promise<void> {
    const at = nodes.indexOf(node);
    if (at >= 0) nodes.splice(at, 1);
    await node.engine.stop();
    await node.role.leave();
    await node.store.close();
  }

  let messages = 0;
  const views = (store: EventStore) =>
    store.append(
      'ws',
      USERS.map((user) => trackOf(`m${++messages}`, Date.now(), user, 'Page Viewed')),
      [],
    );

  const qualified = async (): Promise<Map<string, number>> => {
    const rows = await (db as TestDatabase).database.client.query<{ entity_id: string; n: number }>(
      `SELECT entity_id, count(*) AS n FROM qualifications WHERE kind = 'qualified' GROUP BY entity_id`,
    );
    return new Map(rows.map((row) => [row.entity_id, Number(row.n)]));
  };
  const checkpointSeq = async (): Promise<number> => {
    const [row] = await (db as TestDatabase).database.client.query<{ through_seq: number }>(
      'SELECT through_seq FROM incremental_checkpoints',
    );
    return row === undefined ? -1 : Number(row.through_seq);
  };
  const lastSeq = async (): Promise<number> => {
    const [row] = await (db as TestDatabase).database.client.query<{ seq: number | null }>(
      'SELECT max(seq) AS seq FROM events',
    );
    return Number(row?.seq ?? 0);
  };
  const ownsAll = (node: Node) => USERS.every((user) => node.role.engine?.owns('ws', user) === true);

  it('moves partitions with their state: no rescan, no missed or repeated qualification', async () => {
    errors.length = 0;
    db = await openPostgresTestDatabase(POSTGRES_RUN_URL ?? '');
    await db.database.client.run(
      `INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'ws', ${db.database.client.sql.at(1)})`,
      [Date.now()],
    );
    const a = await startNode(db, 'a');
    const b = await startNode(await db.reopen(), 'b');
    const shared = () =>
      USERS.some((user) => a.role.engine?.owns('ws', user) === true) &&
      USERS.some((user) => b.role.engine?.owns('ws', user) === true) &&
      USERS.every(
        (user) => [a, b].filter((node) => node.role.engine?.owns('ws', user) === true).length === 1,
      );
    await until(shared, 'the users shared by the two nodes', 30_000);

    // Two views each: nobody qualifies yet; the leader saves the state through the last row.
    await views(a.store);
    await views(b.store);
    const stored = await lastSeq();
    await until(async () => (await checkpointSeq()) >= stored, 'the leader saved the state', 30_000);
    for (const node of [a, b]) await node.engine.settle();
    expect(await qualified()).toEqual(new Map());
    const readByA = a.engine.stats.incremental.rowsRead;
    expect(readByA).toBe(2 * USERS.length);

    // `b` stops; the third view of every user arrives at once, half of them in `b`'s partitions.
    await stopNode(b);
    await views(a.store);
    await until(() => ownsAll(a), 'a holds every partition', 30_000);
    await until(async () => (await qualified()).size === USERS.length, 'every user qualified', 30_000);
    await a.engine.settle();
    // No rescan: `a` read only the new rows, with the state it held for `b`'s partitions already.
    expect(a.engine.stats.incremental).toMatchObject({ restored: 0, rebuilt: 1 });
    expect(a.engine.stats.incremental.rowsRead).toBe(readByA + USERS.length);

    // `b` starts again: it restores the leader's checkpoint and reads only the rows after it.
    const afterThird = await lastSeq();
    await until(
      async () => (await checkpointSeq()) >= afterThird,
      'the leader saved the state again',
      30_000,
    );
    const back = await startNode(await db.reopen(), 'b');
    await until(
      () => USERS.some((user) => back.role.engine?.owns('ws', user) === true),
      'b holds partitions again',
      30_000,
    );
    await views(back.store);
    await until(
      () =>
        back.engine.stats.incremental.rowsRead >= USERS.length &&
        a.engine.stats.incremental.rowsRead >= readByA + 2 * USERS.length,
      'both nodes folded the fourth views in',
      30_000,
    );
    await back.engine.settle();
    await a.engine.settle();
    expect(back.engine.stats.incremental).toMatchObject({ restored: 1, rebuilt: 0 });
    expect(back.engine.stats.incremental.rowsRead).toBe(USERS.length);
    // Every user qualified exactly once across both nodes and the takeover.
    expect([...(await qualified()).values()]).toEqual(USERS.map(() => 1));
    expect(errors).toEqual([]);
  }, 120_000);
});
