/**
 * The commit feed reads what any node committed back as the writes the real-time engine hears of:
 * messages with the links, memberships and traits they implied, standalone traits and outcomes.
 */
import { afterEach, expect, it } from 'vitest';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import { CommitFeed } from '../../src/store/commit-feed.ts';
import type { CommittedWrite } from '../../src/store/store.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

const T = Date.parse('2026-03-02T10:00:00Z');

async function insertEvent(
  db: SqlClient,
  seq: number,
  fields: { user?: string; group?: string; event?: string },
) {
  await db.run(
    `INSERT INTO events (workspace_id, seq, message_id, type, event, user_id, group_id, ts, received_at, properties)
     VALUES ('ws', $1, $2, $3, $4, $5, $6, ${db.sql.at(7)}, ${db.sql.at(7)}, '{"plan":"pro"}')`,
    [
      seq,
      `m${seq}`,
      fields.event === undefined ? 'identify' : 'track',
      fields.event ?? null,
      fields.user ?? null,
      fields.group ?? null,
      T + seq,
    ],
  );
}

describeEachBackend('commit feed', (open) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('hands each committed row to the listeners once, in bounded steps, with what each message implied', async () => {
    db = await open();
    const client = db.database.client;
    await insertEvent(client, 1, { user: 'u1' });
    await client.run(
      `INSERT INTO traits VALUES ('ws', 'user', 'u1', 'email', '"a@b.co"', ${client.sql.at(1)}, 1, 'identify')`,
      [T],
    );
    await insertEvent(client, 2, { user: 'u2', event: 'Invited' });
    await client.run(`INSERT INTO identity_links VALUES ('ws', 'anon-9', 'u2', ${client.sql.at(1)}, 2)`, [T]);
    await insertEvent(client, 3, { user: 'u2', group: 'acme', event: 'Paid' });
    await client.run(`INSERT INTO memberships VALUES ('ws', 'u2', 'acme', ${client.sql.at(1)}, 3)`, [T]);
    await client.run(`INSERT INTO traits VALUES ('ws', 'account', 'acme', 'seats', '12', NULL, 4, 'csv')`);
    await client.run(
      `INSERT INTO outcomes VALUES ('ws', 5, 'account', 'acme', 'won', 1200, 'ana', ${client.sql.at(1)}, 'crm', ${client.sql.at(1)})`,
      [T],
    );

    const heard: CommittedWrite[][] = [];
    const feed = new CommitFeed(client, { afterSeq: 0, batch: 2, now: () => T });
    feed.onCommit((writes) => heard.push([...writes]));
    await feed.poll();
    expect(feed.through).toBe(5);
    expect(heard).toHaveLength(3);
    const all = heard.flat();
    const messages = all.flatMap((write) => write.messages);
    expect(messages.map((m) => [m.messageId, m.event, m.userId, m.groupId])).toEqual([
      ['m1', null, 'u1', null],
      ['m2', 'Invited', 'u2', null],
      ['m3', 'Paid', 'u2', 'acme'],
    ]);
    expect(messages[0]?.traitWrites).toEqual([
      { entityType: 'user', entityId: 'u1', key: 'email', value: '"a@b.co"' },
    ]);
    expect(messages[0]?.timestamp).toBe(T + 1);
    expect(JSON.parse(messages[0]?.properties ?? '')).toEqual({ plan: 'pro' });
    expect(messages[1]?.link).toEqual({ fromId: 'anon-9', userId: 'u2' });
    expect(messages[2]?.membership).toEqual({ userKey: 'u2', groupId: 'acme' });
    expect(all.flatMap((write) => write.traits)).toEqual([
      { entityType: 'account', entityId: 'acme', key: 'seats', value: '12', timestamp: null, source: 'csv' },
    ]);
    expect(all.flatMap((write) => write.outcomes)).toEqual([
      {
        entityType: 'account',
        entityId: 'acme',
        type: 'won',
        amount: 1200,
        owner: 'ana',
        timestamp: T,
        source: 'crm',
      },
    ]);

    await feed.poll();
    expect(heard).toHaveLength(3);
    await insertEvent(client, 6, { user: 'u3', event: 'Login' });
    await feed.poll();
    expect(heard.at(-1)?.[0]?.messages.map((m) => m.messageId)).toEqual(['m6']);
  });
});
