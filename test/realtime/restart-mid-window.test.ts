/**
 * The engine restarted in the middle of a window, on each back end: the second engine restores the
 * incremental state its predecessor saved (no rescan: it reads only the rows stored after the
 * checkpoint), qualifies the entity whose third event in the window arrives after the restart
 * exactly once, and applies the window's expiry from the state's own expiry time, with no new event.
 */
import { afterEach, expect, it } from 'vitest';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import type { CommitListener, CommittedMessage } from '../../src/realtime/commit-source.ts';
import { readCheckpoint } from '../../src/realtime/incremental-state-store.ts';
import type { LiveDefinition } from '../../src/realtime/live-definition.ts';
import { QualificationFeed } from '../../src/realtime/qualification-feed.ts';
import { RealtimeEngine } from '../../src/realtime/realtime-engine.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';
import { busyWeek, keptLog } from '../support/busy-week.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const { log, errors } = keptLog();
const definition = (): LiveDefinition =>
  busyWeek(
    ['crm-hook'],
    'destinations:\n  crm-hook: { kind: webhook, url_env: RESTART_TEST_HOOK_URL, secret_env: RESTART_TEST_HOOK_SECRET }\n',
  );

let seq = 0;

async function pageView(c: SqlClient, userId: string, at: number): Promise<CommittedMessage> {
  seq++;
  await c.run(
    `INSERT INTO events (workspace_id, seq, message_id, type, event, user_id, ts, received_at, properties)
     VALUES ('ws', $1, $2, 'track', 'Page Viewed', $3, ${c.sql.at(4)}, ${c.sql.at(4)}, '{}')`,
    [seq, `m${seq}`, userId, at],
  );
  return {
    messageId: `m${seq}`,
    type: 'track',
    event: 'Page Viewed',
    userId,
    anonymousId: null,
    groupId: null,
    timestamp: at,
    properties: '{}',
    link: null,
    membership: null,
    traitWrites: [],
  };
}

describeEachBackend('restarting the engine mid-window', (open) => {
  let db: TestDatabase | undefined;
  const engines: RealtimeEngine[] = [];
  let now = T0;
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    await db?.close();
    db = undefined;
  });

  async function startEngine(
    handle: TestDatabase,
    stateSaveEveryMs?: number,
  ): Promise<{ engine: RealtimeEngine; announce: CommitListener }> {
    let listener: CommitListener | null = null;
    const engine = await RealtimeEngine.create({
      store: {
        database: handle.database,
        onCommit: (l) => {
          listener = l;
          return () => {
            listener = null;
          };
        },
        flushed: async () => {},
      },
      definitions: (ws) => (ws === 'ws' ? [definition()] : []),
      evaluation: { domainAccounts: false },
      feed: new QualificationFeed(),
      log,
      now: () => now,
      workspaceIds: ['ws'],
      sweepMs: 3_600_000,
      ...(stateSaveEveryMs === undefined ? {} : { stateSaveEveryMs }),
    });
    engines.push(engine);
    await engine.prepare();
    engine.start();
    await engine.settle();
    const announce = listener as CommitListener | null;
    if (announce === null) throw new Error('the engine listens once started');
    return { engine, announce };
  }

  const commit = (announce: CommitListener, messages: CommittedMessage[]) =>
    announce([{ workspaceId: 'ws', messages, traits: [], outcomes: [] }], now);

  /** The workspace, and five page views two days old, by five users; the clock at T0. */
  async function seedFiveOldViews(c: SqlClient): Promise<void> {
    now = T0;
    errors.length = 0;
    await c.run(`INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'ws', ${c.sql.at(1)})`, [T0]);
    for (let n = 0; n < 5; n++) await pageView(c, `old${n}`, T0 - 48 * HOUR);
  }

  it('resumes from the saved state, reads only new rows, and qualifies once', async () => {
    db = await open();
    const c = db.database.client;
    await seedFiveOldViews(c);

    const first = await startEngine(db);
    expect(first.engine.stats.incremental).toMatchObject({ restored: 0, rebuilt: 1, rowsRead: 5 });
    now = T0 + HOUR;
    commit(first.announce, [await pageView(c, 'ada', T0 + HOUR - 1000)]);
    await first.engine.settle();
    now = T0 + 2 * HOUR;
    commit(first.announce, [await pageView(c, 'ada', T0 + 2 * HOUR - 1000)]);
    await first.engine.settle();
    expect(first.engine.stats.qualifications).toBe(0);
    await first.engine.stop();
    engines.splice(0);

    // Another process on the same data; a row stored while nothing ran (a late, out-of-order one).
    const second = await startEngine(await db.reopen());
    const lateRow = await pageView(c, 'bob', T0 - HOUR);
    expect(second.engine.stats.incremental).toEqual({
      restored: 1,
      rebuilt: 0,
      rowsRead: 0,
      rowsHeard: 0,
      catchUpPasses: 0,
      // Asked of the store by each pass here (the announcing test writer cannot say it).
      seqQueries: expect.any(Number),
    });
    now = T0 + 3 * HOUR;
    commit(second.announce, [lateRow, await pageView(c, 'ada', T0 + 3 * HOUR - 1000)]);
    await second.engine.settle();
    expect(second.engine.stats.incremental).toEqual({
      restored: 1,
      rebuilt: 0,
      rowsRead: 2,
      rowsHeard: 0,
      catchUpPasses: 0,
      // Asked of the store by each pass here (the announcing test writer cannot say it).
      seqQueries: expect.any(Number),
    });
    expect(second.engine.stats.qualifications).toBe(1);
    const qualified = await c.query<{ entity_id: string; kind: string; tier: string }>(
      'SELECT entity_id, kind, tier FROM qualifications ORDER BY seq',
    );
    expect(qualified).toEqual([{ entity_id: 'ada', kind: 'qualified', tier: 'hot' }]);

    // Nothing new: a sweep repeats nothing.
    await second.engine.sweepNow();
    expect(second.engine.stats.qualifications).toBe(1);

    // Seven days after ada's first view in the window, it leaves: the fall comes from the expiry
    // time kept in the state, with no new event.
    now = T0 + HOUR - 1000 + 7 * 24 * HOUR;
    await second.engine.sweepNow();
    const kinds = await c.query<{ entity_id: string; kind: string }>(
      'SELECT entity_id, kind FROM qualifications ORDER BY seq',
    );
    expect(kinds).toEqual([
      { entity_id: 'ada', kind: 'qualified' },
      { entity_id: 'ada', kind: 'downgraded' },
    ]);
    expect(second.engine.stats.incremental.rowsRead).toBe(2);
    expect(errors).toEqual([]);
  });

  it('saves at most every so often: a start after passes that did not save folds their rows in again and repeats nothing', async () => {
    db = await open();
    const c = db.database.client;
    await seedFiveOldViews(c);
    const seeded = seq;
    const checkpoint = () => readCheckpoint(c, { workspaceId: 'ws', version: definition().version });

    // Saves an hour apart: the rebuild is saved at once, the passes after it are not.
    const first = await startEngine(db, HOUR);
    expect(await checkpoint()).toMatchObject({ throughSeq: seeded });
    for (const hour of [1, 2, 3]) {
      now = T0 + hour * HOUR;
      commit(first.announce, [await pageView(c, 'ada', now - 1000)]);
      await first.engine.settle();
    }
    expect(first.engine.stats.qualifications).toBe(1);
    expect(await checkpoint()).toMatchObject({ throughSeq: seeded });

    // Another process starts while the first is gone without saving (as after a crash): it restores
    // the last save, folds the three rows after it in again, and ada is already hot.
    const second = await startEngine(await db.reopen(), HOUR);
    expect(second.engine.stats.incremental).toMatchObject({ restored: 1, rebuilt: 0, rowsRead: 3 });
    expect(second.engine.stats.qualifications).toBe(0);
    expect(await c.query('SELECT entity_id, kind FROM qualifications ORDER BY seq')).toEqual([
      { entity_id: 'ada', kind: 'qualified' },
    ]);

    // Stopping saves what the passes changed since the last save.
    engines.splice(engines.indexOf(second.engine), 1);
    await second.engine.stop();
    expect(await checkpoint()).toMatchObject({ throughSeq: seeded + 3 });
    expect(errors).toEqual([]);
  });
});
