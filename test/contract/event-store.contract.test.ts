/**
 * The event store's contract (`EventStore`), the same on every storage back end: exact dedupe by
 * message id per workspace, acknowledgement only after commit, traits, outcomes, stats, the entity
 * view and workspace isolation. On PostgreSQL, also two stores (two nodes) on one database.
 */
import { afterEach, expect, it } from 'vitest';
import { firstNumber } from '../../src/lib/sql-client.ts';
import type { Dataset } from '../../src/model/dataset.ts';
import { HeardRows } from '../../src/realtime/heard-rows.ts';
import { CommitFeed } from '../../src/store/commit-feed.ts';
import type { PgDatabase } from '../../src/store/postgres/pg-client.ts';
import { PgStore } from '../../src/store/postgres/pg-store.ts';
import { readDataset } from '../../src/store/read-dataset.ts';
import { DEDUPE_WINDOW_MS, type EventStore } from '../../src/store/store.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';
import { eventStoreOn, segmentMessage, trackOf } from '../support/event-stores.ts';

const T0 = Date.parse('2026-03-02T10:00:00.123Z');
const at = (minutes: number): number => T0 + minutes * 60_000 + 7;

describeEachBackend('event store', (open, backend) => {
  const opened: { db: TestDatabase; stores: EventStore[] }[] = [];
  afterEach(async () => {
    for (const { db, stores } of opened.splice(0)) {
      for (const store of stores) await store.close();
      await db.close();
    }
  });

  async function fresh(now: () => number = () => at(60)): Promise<{ db: TestDatabase; store: EventStore }> {
    const db = await open();
    const store = await eventStoreOn(db, now);
    opened.push({ db, stores: [store] });
    return { db, store };
  }

  const count = async (db: TestDatabase, sql: string, params: string[] = []): Promise<number> =>
    firstNumber(await db.database.client.query(sql, params)) ?? 0;

  it('stores a message id once per workspace: within a batch, across appends, not across workspaces', async () => {
    const { db, store } = await fresh();
    expect(
      await store.append('ws', [trackOf('m1', at(1)), trackOf('m2', at(2)), trackOf('m1', at(3))], []),
    ).toEqual({
      stored: 2,
      duplicates: 1,
    });
    expect(await store.append('ws', [trackOf('m2', at(4)), trackOf('m3', at(5))], [])).toEqual({
      stored: 1,
      duplicates: 1,
    });
    expect(await store.append('other', [trackOf('m1', at(6))], [])).toEqual({ stored: 1, duplicates: 0 });
    expect(await count(db, "SELECT count(*) AS n FROM events WHERE workspace_id = 'ws'")).toBe(3);
    // The first occurrence is the one kept.
    const [first] = await db.database.client.query<{ ts: number }>(
      "SELECT ts FROM events WHERE workspace_id = 'ws' AND message_id = 'm1'",
    );
    expect(first?.ts).toBe(at(1));
  });

  it('deduplicates concurrent appends of one id (one group commit, or one after the other)', async () => {
    const { store } = await fresh();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.append('ws', [trackOf('same', at(i)), trackOf(`own${i}`, at(i))], []),
      ),
    );
    expect(outcomes.reduce((n, o) => n + o.stored, 0)).toBe(9);
    expect(outcomes.reduce((n, o) => n + o.duplicates, 0)).toBe(7);
    expect((await store.stats('ws')).events.stored).toBe(9);
  });

  it('answers an append only after its commit: the listener runs after COMMIT, before the answer', async () => {
    const { db, store } = await fresh();
    const other = await db.reopen();
    const seen: Promise<number>[] = [];
    const heard: string[] = [];
    const stop = store.onCommit((writes) => {
      for (const w of writes) heard.push(...w.messages.map((m) => `${w.workspaceId}/${m.messageId}`));
      // Another connection (another node on PostgreSQL) already sees the rows.
      seen.push(
        other.database.client.query('SELECT count(*) AS n FROM events').then((r) => firstNumber(r) ?? 0),
      );
    });
    const outcome = await store.append(
      'ws',
      [trackOf('a', at(1)), trackOf('b', at(2)), trackOf('a', at(3))],
      [],
    );
    expect(outcome.stored).toBe(2);
    expect(heard).toEqual(['ws/a', 'ws/b']);
    expect(await Promise.all(seen)).toEqual([2]);
    stop();
    await store.append('ws', [trackOf('c', at(4))], []);
    expect(heard).toHaveLength(2);
    await store.flushed();
    await other.close();
  });

  it('stores what messages imply: identity links, memberships and traits, and shows them per entity', async () => {
    const { store } = await fresh();
    await store.append(
      'ws',
      [
        segmentMessage(
          {
            type: 'track',
            messageId: 'e1',
            anonymousId: 'anon-1',
            event: 'Viewed',
            properties: { plan: 'free' },
            timestamp: new Date(at(1)).toISOString(),
          },
          at(1),
        ),
        segmentMessage(
          {
            type: 'identify',
            messageId: 'e2',
            userId: 'u1',
            anonymousId: 'anon-1',
            traits: { email: 'a@b.com', seats: 3 },
            timestamp: new Date(at(2)).toISOString(),
          },
          at(2),
        ),
        segmentMessage(
          {
            type: 'group',
            messageId: 'e3',
            userId: 'u1',
            groupId: 'acme',
            traits: { plan: 'team' },
            timestamp: new Date(at(3)).toISOString(),
          },
          at(3),
        ),
        segmentMessage(
          {
            type: 'page',
            messageId: 'e4',
            userId: 'u1',
            name: 'Pricing',
            timestamp: new Date(at(4)).toISOString(),
          },
          at(4),
        ),
        trackOf('e5', at(5), 'u1', 'Invited'),
        trackOf('e6', at(6), 'u1', 'Invited'),
      ],
      [],
    );
    const user = await store.entity('ws', 'user', 'u1');
    expect(user?.identity.linkedIds).toEqual([
      { fromId: 'anon-1', userId: 'u1', at: new Date(at(2)).toISOString() },
    ]);
    expect(user?.identity.accounts).toEqual([{ groupId: 'acme', since: new Date(at(3)).toISOString() }]);
    expect(user?.traits).toEqual({ email: 'a@b.com', seats: 3 });
    expect(user?.eventCounts).toEqual({ Invited: 2, $page: 1, Viewed: 1 });
    expect(user?.lastEvents.map((e) => e.messageId)).toEqual(['e6', 'e5', 'e4', 'e3', 'e2', 'e1']);
    expect(user?.lastEvents.at(-1)).toMatchObject({
      type: 'track',
      event: 'Viewed',
      properties: { plan: 'free' },
    });
    expect(user?.lastEvents[0]?.at).toBe(new Date(at(6)).toISOString());

    const account = await store.entity('ws', 'account', 'acme');
    expect(account?.identity.members).toEqual([{ userKey: 'u1', since: new Date(at(3)).toISOString() }]);
    expect(account?.traits).toEqual({ plan: 'team' });
    expect(await store.entity('ws', 'user', 'nobody')).toBeNull();
    expect(await store.entity('other', 'user', 'u1')).toBeNull();
  });

  it('appends traits and outcomes, each with its own sequence number', async () => {
    const { db, store } = await fresh();
    const stored = await store.appendTraits('ws', [
      { entityType: 'account', entityId: 'acme', key: 'arr', value: '12000', timestamp: null, source: 'csv' },
      {
        entityType: 'account',
        entityId: 'acme',
        key: 'tier',
        value: '"gold"',
        timestamp: at(1),
        source: 'csv',
      },
    ]);
    expect(stored).toBe(2);
    expect(
      await store.appendOutcomes('ws', [
        {
          entityType: 'account',
          entityId: 'acme',
          type: 'won',
          amount: 1200.5,
          owner: 'ana',
          timestamp: at(2),
          source: 'crm',
        },
        {
          entityType: 'user',
          entityId: 'u9',
          type: 'contacted',
          amount: null,
          owner: null,
          timestamp: at(3),
          source: 'crm',
        },
      ]),
    ).toBe(2);
    const account = await store.entity('ws', 'account', 'acme');
    expect(account?.traits).toEqual({ arr: 12000, tier: 'gold' });
    expect(account?.traitHistory.map((t) => t.at)).toEqual([null, new Date(at(1)).toISOString()]);
    const outcomes = await db.database.client.query<{
      type: string;
      amount: number | null;
      ts: number;
      seq: number;
    }>('SELECT type, amount, ts, seq FROM outcomes ORDER BY seq');
    expect(outcomes.map(({ type, amount, ts }) => ({ type, amount, ts }))).toEqual([
      { type: 'won', amount: 1200.5, ts: at(2) },
      { type: 'contacted', amount: null, ts: at(3) },
    ]);
    const seqs = await db.database.client.query<{ seq: number }>(
      'SELECT seq FROM traits UNION ALL SELECT seq FROM outcomes',
    );
    expect(new Set(seqs.map((r) => r.seq)).size).toBe(4);
  });

  it('tells listeners each row with its sequence number: what they heard is what the store reads back', async () => {
    const { db, store } = await fresh();
    const heard = new HeardRows();
    const stop = store.onCommit((writes, _at, range) => heard.hear(writes, range));
    const message = (raw: Record<string, unknown>, minute: number) =>
      segmentMessage({ ...raw, timestamp: new Date(at(minute)).toISOString() }, at(minute));
    // Concurrent appends share group commits; one workspace's rows interleave with another's.
    await Promise.all([
      store.append(
        'ws',
        [
          message(
            { type: 'track', messageId: 'a1', anonymousId: 'v1', event: 'Viewed', properties: { n: 1 } },
            1,
          ),
          message(
            { type: 'identify', messageId: 'a2', userId: 'u1', anonymousId: 'v1', traits: { a: 1, b: 'x' } },
            2,
          ),
          message(
            { type: 'group', messageId: 'a3', userId: 'u1', groupId: 'acme', traits: { plan: 'team' } },
            3,
          ),
        ],
        [],
      ),
      store.append('other', [trackOf('o1', at(1), 'u1')], []),
      store.appendTraits('ws', [
        {
          entityType: 'account',
          entityId: 'acme',
          key: 'arr',
          value: '12000',
          timestamp: null,
          source: 'csv',
        },
      ]),
      store.appendOutcomes('ws', [
        {
          entityType: 'user',
          entityId: 'u1',
          type: 'contacted',
          amount: null,
          owner: null,
          timestamp: at(4),
          source: 'crm',
        },
      ]),
    ]);
    await store.append(
      'ws',
      [
        message({ type: 'alias', messageId: 'b1', previousId: 'v2', userId: 'u1' }, 5),
        message(
          { type: 'page', messageId: 'b2', userId: 'u1', name: 'Pricing', properties: { path: '/p' } },
          6,
        ),
        trackOf('a1', at(7)), // a duplicate: not stored, not told
      ],
      [],
    );
    stop();
    const last = firstNumber(
      await db.database.client.query(
        'SELECT greatest((SELECT max(seq) FROM events), (SELECT max(seq) FROM traits), (SELECT max(seq) FROM outcomes)) AS n',
      ),
    );
    expect(last).toBeGreaterThan(0);
    const bySeq = (data: Dataset | null) =>
      data === null
        ? null
        : { ...data, traits: [...data.traits].sort((a, b) => a.seq - b.seq || a.key.localeCompare(b.key)) };
    const client = db.database.client;
    // Other nodes hear the same rows through the commit feed, read back in steps of 3 numbers.
    const fed = new HeardRows();
    const feed = new CommitFeed(client, { afterSeq: 0, batch: 3 });
    feed.onCommit((writes, _at, range) => fed.hear(writes, range));
    await feed.poll();
    for (const from of [0, 2]) {
      const scope = { kind: 'rows', afterSeq: from, throughSeq: last ?? 0 } as const;
      const stored = await readDataset(client, 'ws', scope);
      expect(stored.events.length).toBeGreaterThan(from === 0 ? 4 : 2);
      expect(bySeq(heard.take('ws', from, last ?? 0))).toEqual(bySeq(stored));
      expect(bySeq(fed.take('ws', from, last ?? 0))).toEqual(bySeq(stored));
    }
    // Past what was heard, the rows are not there to take.
    expect(heard.take('ws', 0, (last ?? 0) + 1)).toBeNull();
  });

  it('counts stored events by type and rejections by reason, per workspace', async () => {
    const { store } = await fresh();
    expect(await store.stats('ws')).toEqual({
      events: { stored: 0, byType: {} },
      rejected: { total: 0, byReason: {} },
      lastEventAt: null,
      lastReceivedAt: null,
    });
    await store.append(
      'ws',
      [
        trackOf('a', at(1)),
        trackOf('b', at(5)),
        segmentMessage(
          { type: 'identify', messageId: 'c', userId: 'u2', timestamp: new Date(at(2)).toISOString() },
          at(3),
        ),
      ],
      [
        { code: 'missing-identity', detail: 'no id', index: 3, messageId: 'd', excerpt: '{}' },
        { code: 'request-too-large', detail: 'big', index: null, messageId: null, excerpt: '' },
        { code: 'missing-identity', detail: 'no id', index: 4, messageId: null, excerpt: '{"a":1}' },
      ],
    );
    await store.append('other', [trackOf('z', at(9))], []);
    const stats = await store.stats('ws');
    expect(stats).toEqual({
      events: { stored: 3, byType: { track: 2, identify: 1 } },
      rejected: { total: 3, byReason: { 'missing-identity': 2, 'request-too-large': 1 } },
      lastEventAt: new Date(at(5)).toISOString(),
      lastReceivedAt: new Date(at(5)).toISOString(),
    });
  });

  it('lists event names and the entities it has never seen', async () => {
    const { store } = await fresh();
    await store.append(
      'ws',
      [
        trackOf('a', at(1), 'u1', 'Signed Up'),
        segmentMessage(
          { type: 'page', messageId: 'b', anonymousId: 'x', timestamp: new Date(at(2)).toISOString() },
          at(2),
        ),
        segmentMessage(
          {
            type: 'group',
            messageId: 'c',
            userId: 'u2',
            groupId: 'acme',
            timestamp: new Date(at(3)).toISOString(),
          },
          at(3),
        ),
      ],
      [],
    );
    await store.appendTraits('ws', [
      { entityType: 'account', entityId: 'globex', key: 'k', value: '1', timestamp: null, source: 'csv' },
    ]);
    await store.append('other', [trackOf('z', at(1), 'u7', 'Elsewhere')], []);
    expect(await store.eventNames('ws')).toEqual(['$page', 'Signed Up']);
    expect(await store.unknownEntities('ws', 'user', ['u1', 'u7', 'x', 'u2', 'ghost', 'u7'])).toEqual([
      'u7',
      'ghost',
      'u7',
    ]);
    expect(await store.unknownEntities('ws', 'account', ['acme', 'globex', 'initech'])).toEqual(['initech']);
    expect(await store.unknownEntities('ws', 'user', [])).toEqual([]);
  });

  it('keeps workspaces apart in every read', async () => {
    const { store } = await fresh();
    await store.append('a', [trackOf('m', at(1), 'u1', 'In A')], []);
    await store.append('b', [trackOf('m', at(1), 'u1', 'In B'), trackOf('n', at(2), 'u1', 'In B')], []);
    expect((await store.stats('a')).events.stored).toBe(1);
    expect((await store.stats('b')).events.stored).toBe(2);
    expect(await store.eventNames('a')).toEqual(['In A']);
    expect((await store.entity('a', 'user', 'u1'))?.eventCounts).toEqual({ 'In A': 1 });
    expect((await store.entity('b', 'user', 'u1'))?.eventCounts).toEqual({ 'In B': 2 });
  });

  if (backend !== 'postgres') return;

  it('two stores (two nodes) appending overlapping batches at once store each message exactly once', async () => {
    const { db, store: first } = await fresh();
    const otherDb = await db.reopen();
    const second = PgStore.on(otherDb.database as PgDatabase, () => at(60));
    opened.push({ db: otherDb, stores: [second] });
    // 40 batches of 50 ids from a pool of 600, half through each node, many in flight together.
    const batches = Array.from({ length: 40 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => trackOf(`id-${(b * 37 + i * 11) % 600}`, at(i))),
    );
    const distinct = new Set(batches.flat().map((m) => m.messageId));
    const outcomes = await Promise.all(
      batches.map((batch, b) => (b % 2 === 0 ? first : second).append('ws', batch, [])),
    );
    expect(outcomes.reduce((n, o) => n + o.stored, 0)).toBe(distinct.size);
    expect(outcomes.reduce((n, o) => n + o.stored + o.duplicates, 0)).toBe(40 * 50);
    expect(await count(db, 'SELECT count(*) AS n FROM events')).toBe(distinct.size);
    expect(await count(db, 'SELECT count(DISTINCT message_id) AS n FROM events')).toBe(distinct.size);
    expect(await count(db, 'SELECT count(DISTINCT seq) AS n FROM events')).toBe(distinct.size);
    // A retry of every batch on the other node stores nothing more.
    const retried = await Promise.all(
      batches.map((batch, b) => (b % 2 === 0 ? second : first).append('ws', batch, [])),
    );
    expect(retried.every((o) => o.stored === 0)).toBe(true);
  });

  it('fails only the request the database refuses; the others of its group commit', async () => {
    const { store } = await fresh();
    // PostgreSQL's text cannot hold the NUL character; DuckDB stores it.
    const refused = segmentMessage({ type: 'track', messageId: 'bad', userId: 'u\u0000', event: 'E' }, at(1));
    const results = await Promise.allSettled([
      store.append('ws', [trackOf('ok1', at(1))], []),
      store.append('ws', [refused, trackOf('ok2', at(2))], []),
      store.append('ws', [trackOf('ok3', at(3))], []),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.stats('ws')).events.stored).toBe(2);
    // Nothing of the refused request was kept, not even its claim: a corrected retry is stored.
    expect(await store.append('ws', [trackOf('bad', at(4)), trackOf('ok2', at(5))], [])).toEqual({
      stored: 2,
      duplicates: 0,
    });
  });

  it('keeps payloads and rejections holding NUL, as U+FFFD (PostgreSQL cannot store NUL)', async () => {
    const { store } = await fresh();
    const message = segmentMessage(
      {
        type: 'identify',
        messageId: 'n',
        userId: 'u1',
        traits: { name: 'a\u0000b', 'k\u0000': 1, path: '\\u0000' },
      },
      at(1),
    );
    const rejection = {
      code: 'invalid-json',
      detail: 'bad \u0000',
      index: 0,
      messageId: 'm\u0000',
      excerpt: '\u0000{',
    };
    expect(await store.append('ws', [message], [rejection])).toEqual({ stored: 1, duplicates: 0 });
    expect((await store.entity('ws', 'user', 'u1'))?.traits).toEqual({
      name: 'a\ufffdb',
      'k\ufffd': 1,
      path: '\\u0000',
    });
    expect((await store.stats('ws')).rejected.total).toBe(1);
  });

  it('forgets claimed ids after the dedupe window', async () => {
    let now = at(0);
    const { db, store } = await fresh(() => now);
    await store.append('ws', [trackOf('old', at(0))], []);
    now = at(1) + DEDUPE_WINDOW_MS;
    await store.append('ws', [trackOf('new', now)], []);
    await store.flushed();
    // The writer purges by itself (hourly, off the write path); the explicit purge leaves the same.
    await (store as PgStore).purgeExpiredMessageIds(now);
    expect(await count(db, 'SELECT count(*) AS n FROM message_ids')).toBe(1);
    expect((await store.append('ws', [trackOf('new', now)], [])).duplicates).toBe(1);
  });
});
