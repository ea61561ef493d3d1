/** Start points (`definition_start_points`): where a version starts scoring a workspace, on every back end. */
import { expect, it } from 'vitest';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import {
  lastCommittedSeq,
  readStartPoint,
  recordBaselined,
  recordPendingStart,
} from '../../src/realtime/start-points.ts';
import { databasesPerTest, describeEachBackend } from '../support/backends.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const key = { workspaceId: 'ws', version: 'v1' };

async function rowAt(c: SqlClient, table: 'events' | 'traits' | 'outcomes', seq: number): Promise<void> {
  const at = c.sql.at(2);
  const sql = {
    events: `INSERT INTO events (workspace_id, seq, message_id, type, event, user_id, ts, received_at, properties)
      VALUES ('ws', $1, $3, 'track', 'E', 'u', ${at}, ${at}, '{}')`,
    traits: `INSERT INTO traits (workspace_id, entity_type, entity_id, key, value, ts, seq, source)
      VALUES ('ws', 'user', 'u', 'k', '1', ${at}, $1, 'api')`,
    outcomes: `INSERT INTO outcomes (workspace_id, seq, entity_type, entity_id, type, ts, source, received_at)
      VALUES ('ws', $1, 'user', 'u', 'won', ${at}, 'api', ${at})`,
  }[table];
  await c.run(sql, table === 'events' ? [seq, T0, `m${seq}`] : [seq, T0]);
}

describeEachBackend('start points', (open) => {
  const database = databasesPerTest(open);
  const client = async () => (await database()).database.client;

  it('the last committed row is the highest sequence of events, traits and outcomes', async () => {
    const c = await client();
    expect(await lastCommittedSeq(c)).toBe(0);
    await rowAt(c, 'events', 3);
    expect(await lastCommittedSeq(c)).toBe(3);
    await rowAt(c, 'outcomes', 9);
    await rowAt(c, 'traits', 5);
    expect(await lastCommittedSeq(c)).toBe(9);
  });

  it('a pending start covers the rows committed before it; the baseline marks it done', async () => {
    const c = await client();
    expect(await readStartPoint(c, key)).toBeNull();
    await rowAt(c, 'events', 4);
    await c.transaction((tx) => recordPendingStart(tx, key, T0));
    expect(await readStartPoint(c, key)).toEqual({ startedAt: T0, throughSeq: 4, baselinedAt: null });
    await rowAt(c, 'events', 5);
    await c.transaction((tx) => recordBaselined(tx, key, { startedAt: T0, throughSeq: 4 }, T0 + 10));
    expect(await readStartPoint(c, key)).toEqual({ startedAt: T0, throughSeq: 4, baselinedAt: T0 + 10 });
    expect(await readStartPoint(c, { ...key, workspaceId: 'other' })).toBeNull();
  });

  it('a version started again replaces its start point, pending again', async () => {
    const c = await client();
    await recordBaselined(c, key, { startedAt: T0, throughSeq: 0 }, T0);
    await rowAt(c, 'traits', 7);
    await recordPendingStart(c, key, T0 + 60_000);
    expect(await readStartPoint(c, key)).toEqual({
      startedAt: T0 + 60_000,
      throughSeq: 7,
      baselinedAt: null,
    });
  });
});
