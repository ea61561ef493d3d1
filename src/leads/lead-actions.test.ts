/**
 * "Mark contacted" from the dashboard (issue 11, defect 8): the lead's status becomes `contacted`
 * whatever routing left it at (a `no-action` lead stayed `no-action` before), except a suppressed
 * one, and the SLA clock stops once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import { QualificationFeed } from '../realtime/qualification-feed.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { LeadActions } from './lead-actions.ts';

const NOW = Date.UTC(2026, 0, 15, 12);
const HOUR = 3_600_000;

describe('mark contacted', () => {
  const dir = tempDir();
  let store: DuckDbStore;
  let client: SqlClient;

  beforeAll(async () => {
    store = await DuckDbStore.open(dir.path, () => NOW);
    client = store.database.client;
    for (const [id, status] of [
      ['a-open', 'open'],
      ['a-none', 'no-action'],
      ['a-snoozed', 'snoozed'],
      ['a-suppressed', 'suppressed'],
    ] as const) {
      await client.run(
        `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, tier, score, rule, status, opened_at, updated_at)
         VALUES ('w', 'account', $1, $2, 'hot', 60, 'r', $3, ${client.sql.at(4)}, ${client.sql.at(4)})`,
        [id, `q-${id}`, status, NOW - HOUR],
      );
    }
  });

  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  const row = async (id: string) => {
    const [lead] = await client.query<{ status: string; contacted_at: number | null }>(
      `SELECT status, contacted_at FROM leads WHERE workspace_id = 'w' AND entity_id = $1`,
      [id],
    );
    return { status: lead?.status, contactedAt: lead?.contacted_at ?? null };
  };

  it('moves a no-action, open or snoozed lead to contacted, and leaves a suppressed one suppressed', async () => {
    let clock = NOW;
    const actions = new LeadActions({
      client: store.database.client,
      store,
      feed: new QualificationFeed(),
      now: () => clock,
    });
    for (const id of ['a-none', 'a-open', 'a-snoozed', 'a-suppressed']) {
      const done = await actions.contacted({ workspaceId: 'w', entityType: 'account', entityId: id }, null);
      expect(done).toEqual({ ok: true, value: { contactedAt: NOW } });
    }
    expect(await row('a-none')).toEqual({ status: 'contacted', contactedAt: NOW });
    expect(await row('a-open')).toEqual({ status: 'contacted', contactedAt: NOW });
    expect(await row('a-snoozed')).toEqual({ status: 'contacted', contactedAt: NOW });
    expect(await row('a-suppressed')).toEqual({ status: 'suppressed', contactedAt: NOW });
    // A second click keeps the first contact time.
    clock = NOW + HOUR;
    const again = await actions.contacted(
      { workspaceId: 'w', entityType: 'account', entityId: 'a-none' },
      null,
    );
    expect(again).toEqual({ ok: true, value: { contactedAt: NOW } });
  });
});
