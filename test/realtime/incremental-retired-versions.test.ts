/**
 * Retired versions' incremental state, on each back end: when a workspace's versions change (a new
 * one activated, or a rollback), the engine deletes the saved rows and checkpoint of every version
 * that no longer scores it as live or shadow, and keeps those that do.
 */
import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.ts';
import type { LiveDefinition } from '../../src/realtime/live-definition.ts';
import { QualificationFeed } from '../../src/realtime/qualification-feed.ts';
import { RealtimeEngine } from '../../src/realtime/realtime-engine.ts';
import type { EventStore } from '../../src/store/store.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';
import { busyWeek } from '../support/busy-week.ts';
import { eventStoreOn, trackOf } from '../support/event-stores.ts';

const definition = (atLeast: number, shadow = false): LiveDefinition => busyWeek([], '', { atLeast, shadow });

describeEachBackend('retired versions of incremental state', (open) => {
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

  it('deletes the saved state of versions that no longer score the workspace', async () => {
    db = await open();
    const c = db.database.client;
    await c.run(`INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'ws', ${c.sql.at(1)})`, [
      Date.now(),
    ]);
    const opened = await eventStoreOn(db);
    store = opened;
    const [v1, v2, v3] = [definition(3), definition(4, true), definition(5)];
    let current = [v1, v2];
    const running = await RealtimeEngine.create({
      store: opened,
      definitions: () => current,
      evaluation: { domainAccounts: false },
      feed: new QualificationFeed(),
      log: createLogger('error'),
      workspaceIds: ['ws'],
      sweepMs: 3_600_000,
    });
    engine = running;
    await running.prepare();
    running.start();
    await opened.append('ws', [trackOf('m1', Date.now(), 'ada', 'Page Viewed')], []);
    await running.settle();
    const saved = async () =>
      (
        await c.query<{ definition_version: string }>(
          'SELECT DISTINCT definition_version FROM incremental_checkpoints ORDER BY definition_version',
        )
      ).map((row) => row.definition_version);
    expect(await saved()).toEqual([v1.version, v2.version].sort());

    // v3 goes live, the shadow v2 stays: v1's state goes, v2's stays, v3's is built.
    current = [v3, v2];
    running.adopt('ws');
    await running.settle();
    await opened.append('ws', [trackOf('m2', Date.now(), 'ada', 'Page Viewed')], []);
    await running.settle();
    expect(await saved()).toEqual([v2.version, v3.version].sort());
    const rows = await c.query<{ n: number }>(
      'SELECT count(*) AS n FROM incremental_rows WHERE definition_version = $1',
      [v1.version],
    );
    expect(Number(rows[0]?.n)).toBe(0);
  }, 60_000);
});
