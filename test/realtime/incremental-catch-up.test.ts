/**
 * Incremental state off the event path, on each back end: a state far behind the store (a bulk
 * import, a rebuild) folds a chunk of events per pass and scores nothing until it has caught up,
 * while acknowledgements and other workspaces' passes go on; and an entity due by time alone (a
 * window expiring) is rescored by the engine's due timer, not by the minute sweep.
 */
import { afterEach, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/realtime/incremental-state-store.ts';
import type { LiveDefinition } from '../../src/realtime/live-definition.ts';
import { QualificationFeed } from '../../src/realtime/qualification-feed.ts';
import { RealtimeEngine } from '../../src/realtime/realtime-engine.ts';
import { lastCommittedSeq } from '../../src/realtime/start-points.ts';
import type { EventStore } from '../../src/store/store.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';
import { busyWeek, keptLog } from '../support/busy-week.ts';
import { eventStoreOn, trackOf } from '../support/event-stores.ts';
import { until } from '../support/until.ts';

const DAY = 86_400_000;
const { log, errors, infos } = keptLog();
const definition = (): LiveDefinition => busyWeek();
const fail = (): never => {
  throw new Error('bug: no database open');
};

interface Published {
  readonly workspaceId: string;
  readonly entityId: string;
  readonly kind: string;
}

describeEachBackend('incremental state off the event path', (open, backend) => {
  let db: TestDatabase | undefined;
  let store: EventStore | undefined;
  let engine: RealtimeEngine | undefined;
  afterEach(async () => {
    await engine?.stop();
    await store?.close();
    await db?.close();
    engine = undefined;
    store = undefined;
    db = undefined;
  });

  async function start(
    chunkRows: number,
    onPublish: (event: Published) => void,
    now: () => number = Date.now,
  ): Promise<EventStore> {
    errors.length = 0;
    infos.length = 0;
    db = await open();
    const c = db.database.client;
    for (const ws of ['big', 'small']) {
      await c.run(`INSERT INTO workspaces (id, name, created_at) VALUES ($1, $1, ${c.sql.at(2)})`, [
        ws,
        Date.now(),
      ]);
    }
    const opened = await eventStoreOn(db);
    store = opened;
    const feed = new QualificationFeed();
    feed.subscribe((event) => {
      if (event.type === 'qualification') onPublish(event.data as Published);
    });
    engine = await RealtimeEngine.create({
      store: opened,
      definitions: () => [definition()],
      evaluation: { domainAccounts: false },
      feed,
      log,
      workspaceIds: ['big', 'small'],
      sweepMs: 3_600_000,
      chunkRows,
      now,
    });
    await engine.prepare();
    engine.start();
    await engine.settle();
    return opened;
  }

  let messages = 0;
  const views = (s: EventStore, ws: string, users: readonly string[], at = Date.now()) =>
    s.append(
      ws,
      users.map((user) => trackOf(`m${++messages}`, at, user, 'Page Viewed')),
      [],
    );

  it('folds a bulk import chunk by chunk; acks and the other workspace go on; alerts start once caught up', async () => {
    const published: Published[] = [];
    let bigAlertsWhenDanQualified = -1;
    let catchUpPassesAtFirstBigAlert = -1;
    const s = await start(2, (event) => {
      published.push(event);
      const bigAlerts = published.filter((p) => p.workspaceId === 'big').length;
      if (event.entityId === 'dan') bigAlertsWhenDanQualified = bigAlerts;
      if (event.workspaceId === 'big' && bigAlerts === 1) {
        catchUpPassesAtFirstBigAlert = engine?.stats.incremental.catchUpPasses ?? -1;
      }
    });
    const running = engine as RealtimeEngine;
    await views(s, 'small', ['dan', 'dan']);
    await running.settle();

    // A bulk import into `big`: 50 users, four views each, 200 events in one commit.
    const users = Array.from({ length: 50 }, (_, n) => `b${n}`);
    await views(s, 'big', [...users, ...users, ...users, ...users]);
    const importEnd = await lastCommittedSeq(db?.database.client ?? fail());
    // While `big` catches up, an event for `small` is acknowledged and qualifies `dan`.
    await views(s, 'small', ['dan']);
    await until(() => bigAlertsWhenDanQualified >= 0, 'dan qualified', 60_000);
    expect(bigAlertsWhenDanQualified).toBe(0);
    await running.settle();

    const qualifiedBig = published.filter((p) => p.workspaceId === 'big' && p.kind === 'qualified');
    expect(new Set(qualifiedBig.map((p) => p.entityId))).toEqual(new Set(users));
    expect(qualifiedBig).toHaveLength(users.length);
    // Many passes folded the import, none alerted; every alert came after the last of them.
    expect(running.stats.incremental.catchUpPasses).toBeGreaterThan(10);
    expect(catchUpPassesAtFirstBigAlert).toBe(running.stats.incremental.catchUpPasses);
    // Caught up, it saved what the import changed before alerting (saves are a minute apart otherwise).
    const saving = infos.indexOf('incremental scoring caught up; saving its state before alerts start');
    const alerting = infos.indexOf('incremental scoring caught up; alerts of this version start now');
    expect(saving).toBeGreaterThanOrEqual(0);
    expect(alerting).toBeGreaterThan(saving);
    const saved = await readCheckpoint(db?.database.client ?? fail(), {
      workspaceId: 'big',
      version: definition().version,
    });
    expect(saved?.throughSeq).toBeGreaterThanOrEqual(importEnd);
    expect(errors).toEqual([]);
  }, 120_000);

  it('folds rows it heard without asking the store where it ends, where the store can say (embedded)', async () => {
    const published: Published[] = [];
    const s = await start(200_000, (event) => published.push(event));
    const running = engine as RealtimeEngine;
    await views(s, 'small', ['fay']);
    await running.settle();
    const asked = running.stats.incremental.seqQueries;
    const heard = running.stats.incremental.rowsHeard;
    await views(s, 'small', ['fay']);
    await views(s, 'small', ['fay']);
    await until(() => published.some((p) => p.entityId === 'fay' && p.kind === 'qualified'), 'fay qualified');
    await running.settle();
    expect(running.stats.incremental.rowsHeard).toBe(heard + 2);
    // The embedded store's writer numbers every row; PostgreSQL may have other writers, so it is asked.
    if (backend === 'duckdb') {
      expect(running.stats.incremental.seqQueries).toBe(asked);
      expect(s.lastCommittedSeq?.()).toBe(await lastCommittedSeq(db?.database.client ?? fail()));
    } else expect(running.stats.incremental.seqQueries).toBeGreaterThan(asked);
    expect(errors).toEqual([]);
  }, 120_000);

  it('rescores an entity whose window expires on its due time, without waiting for the sweep', async () => {
    const published: Published[] = [];
    // The engine's clock stands still until eve has qualified, however slow the machine is; then
    // it moves past the moment her oldest view leaves the seven-day window.
    let clock = Date.UTC(2026, 5, 1, 12);
    const s = await start(
      200_000,
      (event) => published.push(event),
      () => clock,
    );
    const running = engine as RealtimeEngine;
    // Three views: one of them leaves the seven-day window a second after the engine's now.
    await views(s, 'small', ['eve'], clock - 7 * DAY + 1_000);
    await views(s, 'small', ['eve', 'eve'], clock);
    await until(() => published.some((p) => p.entityId === 'eve' && p.kind === 'qualified'), 'eve qualified');
    const sweeps = running.stats.sweeps;
    clock += 2_000;
    await until(
      () => published.some((p) => p.entityId === 'eve' && p.kind === 'downgraded'),
      'eve downgraded when the view left the window',
      60_000,
    );
    // The hourly sweep did not run: the due timer did it.
    expect(running.stats.sweeps).toBe(sweeps);
    expect(errors).toEqual([]);
  }, 120_000);
});
