/**
 * Reading stored rows back as a `Dataset` (`readDataset`): a small dataset written with SQL inserts
 * reads back equal, whole and per entity, on every back end.
 */
import { afterEach, expect, it } from 'vitest';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import type { Dataset } from '../../src/model/dataset.ts';
import { readDataset } from '../../src/store/read-dataset.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

const T0 = Date.parse('2026-03-02T10:00:00.123Z');

/** Every row of the workspace, in store order; `other` rows must never show up. */
const WHOLE: Dataset = {
  events: [
    {
      messageId: 'm1',
      type: 'track',
      event: 'Signed Up',
      userId: null,
      anonymousId: 'anon-1',
      groupId: null,
      timestamp: T0,
      properties: { plan: 'free', seats: 3, nested: { ok: true } },
    },
    {
      messageId: 'm2',
      type: 'track',
      event: 'Invited',
      userId: 'ada',
      anonymousId: null,
      groupId: 'acme',
      timestamp: T0 + 1,
      properties: {},
    },
    {
      messageId: 'm3',
      type: 'page',
      event: '$page',
      userId: 'bob',
      anonymousId: null,
      groupId: null,
      timestamp: T0 + 2,
      properties: { path: '/pricing' },
    },
  ],
  links: [{ fromId: 'anon-1', userId: 'ada', timestamp: T0 + 3 }],
  memberships: [{ userKey: 'ada', groupId: 'acme', timestamp: T0 + 4 }],
  traits: [
    {
      entityType: 'user',
      entityId: 'ada',
      key: 'email',
      value: 'ada@acme.example',
      timestamp: T0 + 5,
      seq: 6,
    },
    { entityType: 'account', entityId: 'acme', key: 'employees', value: 250, timestamp: null, seq: 7 },
    { entityType: 'user', entityId: 'bob', key: 'tags', value: ['a', 'b'], timestamp: T0, seq: 8 },
  ],
};

async function write(c: SqlClient, data: Dataset, workspace: string): Promise<void> {
  const at = (n: number) => c.sql.at(n);
  let seq = 0;
  for (const e of data.events) {
    await c.run(
      `INSERT INTO events (workspace_id, seq, message_id, type, event, user_id, anonymous_id, group_id, ts,
         received_at, properties) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${at(9)}, ${at(9)}, $10)`,
      [
        workspace,
        ++seq,
        e.messageId,
        e.type,
        e.event,
        e.userId,
        e.anonymousId,
        e.groupId,
        e.timestamp,
        JSON.stringify(e.properties),
      ],
    );
  }
  for (const l of data.links) {
    await c.run(
      `INSERT INTO identity_links (workspace_id, from_id, user_id, ts, seq) VALUES ($1, $2, $3, ${at(4)}, $5)`,
      [workspace, l.fromId, l.userId, l.timestamp, ++seq],
    );
  }
  for (const m of data.memberships) {
    await c.run(
      `INSERT INTO memberships (workspace_id, user_key, group_id, ts, seq) VALUES ($1, $2, $3, ${at(4)}, $5)`,
      [workspace, m.userKey, m.groupId, m.timestamp, ++seq],
    );
  }
  for (const t of data.traits) {
    await c.run(
      `INSERT INTO traits (workspace_id, entity_type, entity_id, key, value, ts, seq, source)
       VALUES ($1, $2, $3, $4, $5, ${at(6)}, $7, 'api')`,
      [workspace, t.entityType, t.entityId, t.key, JSON.stringify(t.value), t.timestamp, t.seq],
    );
  }
}

describeEachBackend('read dataset', (open) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });
  const client = async () => {
    db = await open();
    const c = db.database.client;
    await write(c, WHOLE, 'ws');
    await write(c, WHOLE, 'other');
    return c;
  };

  it('reads the whole workspace back equal', async () => {
    const c = await client();
    expect(await readDataset(c, 'ws', { kind: 'workspace' })).toEqual(WHOLE);
  });

  it("reads one user's neighbourhood: its linked ids, memberships and traits, not other users'", async () => {
    const c = await client();
    const ada = await readDataset(c, 'ws', { kind: 'entity', type: 'user', id: 'ada' });
    expect(ada).toEqual({
      events: WHOLE.events.slice(0, 2),
      links: WHOLE.links,
      memberships: WHOLE.memberships,
      traits: WHOLE.traits.slice(0, 1),
    });
  });

  it("reads one account's neighbourhood: members, their linked ids, events naming it, its traits", async () => {
    const c = await client();
    const acme = await readDataset(c, 'ws', { kind: 'entity', type: 'account', id: 'acme' });
    expect(acme).toEqual({
      events: WHOLE.events.slice(0, 2),
      links: WHOLE.links,
      memberships: WHOLE.memberships,
      traits: WHOLE.traits.slice(0, 2),
    });
    const nobody = await readDataset(c, 'ws', { kind: 'entity', type: 'account', id: 'nobody' });
    expect(nobody).toEqual({ events: [], links: [], memberships: [], traits: [] });
  });

  it('reads just the rows stored after one sequence number up to another (what commits added)', async () => {
    const c = await client();
    // Events take seq 1–3, the link 4, the membership 5, the traits their own (6–8).
    const added = await readDataset(c, 'ws', { kind: 'rows', afterSeq: 2, throughSeq: 6 });
    expect(added).toEqual({
      events: WHOLE.events.slice(2),
      links: WHOLE.links,
      memberships: WHOLE.memberships,
      traits: WHOLE.traits.slice(0, 1),
    });
    expect(await readDataset(c, 'ws', { kind: 'rows', afterSeq: 8, throughSeq: 8 })).toEqual({
      events: [],
      links: [],
      memberships: [],
      traits: [],
    });
  });
});
