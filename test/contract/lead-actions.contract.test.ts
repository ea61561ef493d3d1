/** Lead actions (mark contacted, snooze, suppress, reassign) on the `leads` table of every back end. */
import { afterEach, expect, it } from 'vitest';
import { LeadActions } from '../../src/leads/lead-actions.ts';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import { QualificationFeed } from '../../src/realtime/qualification-feed.ts';
import type { OutcomeRow } from '../../src/store/store.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;
const lead = (entityId: string) => ({ workspaceId: 'ws', entityType: 'account' as const, entityId });

async function openLead(c: SqlClient, entityId: string, status: string): Promise<void> {
  const at = c.sql.at(3);
  await c.run(
    `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, tier, score, owner, assigned_at,
       status, sla_due_at, opened_at, updated_at)
     VALUES ('ws', 'account', $1, 'q', 'hot', 60, 'ae1@vendor.example', ${at}, $2, ${c.sql.at(4)}, ${at}, ${at})`,
    [entityId, status, T0, T0 + 4 * HOUR],
  );
}

interface LeadRow {
  [column: string]: string | number | null;
  status: string;
  owner: string | null;
  owner_name: string | null;
  contacted_at: number | null;
  snoozed_until: number | null;
  assigned_at: number | null;
  updated_at: number;
}

const row = async (c: SqlClient, entityId: string) =>
  (
    await c.query<LeadRow>(
      `SELECT status, owner, owner_name, contacted_at, snoozed_until, assigned_at, updated_at FROM leads
       WHERE workspace_id = 'ws' AND entity_id = $1`,
      [entityId],
    )
  )[0];

describeEachBackend('lead actions', (open) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  const setup = async () => {
    db = await open();
    const c = db.database.client;
    const outcomes: OutcomeRow[] = [];
    const feed = new QualificationFeed();
    const changes: string[] = [];
    feed.subscribe((event) => {
      if (event.type === 'lead') changes.push(`${String(event.data.entityId)}:${String(event.data.change)}`);
    });
    let clock = T0 + HOUR;
    const actions = new LeadActions({
      client: c,
      store: {
        appendOutcomes: async (_workspace, rows) => {
          outcomes.push(...rows);
          return rows.length;
        },
      },
      feed,
      now: () => clock,
    });
    return { c, actions, outcomes, changes, tick: (ms: number) => (clock += ms) };
  };

  it('marks contacted once: the first touch stays, the outcome is recorded, a suppressed lead stays suppressed', async () => {
    const { c, actions, outcomes, changes, tick } = await setup();
    await openLead(c, 'acme', 'open');
    await openLead(c, 'gone', 'suppressed');
    expect(await actions.contacted(lead('acme'), 'me@vendor.example')).toEqual({
      ok: true,
      value: { contactedAt: T0 + HOUR },
    });
    tick(HOUR);
    expect(await actions.contacted(lead('acme'), null)).toEqual({
      ok: true,
      value: { contactedAt: T0 + HOUR },
    });
    expect(await row(c, 'acme')).toMatchObject({ status: 'contacted', contacted_at: T0 + HOUR });
    await actions.contacted(lead('gone'), null);
    expect(await row(c, 'gone')).toMatchObject({ status: 'suppressed', contacted_at: T0 + 2 * HOUR });
    expect(outcomes.map((o) => [o.entityId, o.type, o.owner])).toEqual([
      ['acme', 'contacted', 'me@vendor.example'],
      ['acme', 'contacted', 'ae1@vendor.example'],
      ['gone', 'contacted', 'ae1@vendor.example'],
    ]);
    expect(changes).toEqual(['acme:contacted', 'acme:contacted', 'gone:contacted']);
  });

  it('snoozes and reassigns, and says when there is no such lead', async () => {
    const { c, actions } = await setup();
    await openLead(c, 'acme', 'open');
    expect(await actions.snooze(lead('acme'), T0 + 24 * HOUR)).toEqual({
      ok: true,
      value: { snoozedUntil: T0 + 24 * HOUR },
    });
    expect(await row(c, 'acme')).toMatchObject({ status: 'snoozed', snoozed_until: T0 + 24 * HOUR });
    await actions.reassign(lead('acme'), { email: 'ae2@vendor.example', name: 'Bea' });
    expect(await row(c, 'acme')).toMatchObject({
      owner: 'ae2@vendor.example',
      owner_name: 'Bea',
      assigned_at: T0 + HOUR,
      updated_at: T0 + HOUR,
    });
    const missing = await actions.snooze(lead('nobody'), T0);
    expect(missing.ok ? null : missing.error.code).toBe('no-lead');
  });

  it("suppresses by the account's latest domain trait, or says there is nothing to suppress", async () => {
    const { c, actions } = await setup();
    await openLead(c, 'acme', 'open');
    await openLead(c, 'bare', 'open');
    for (const [seq, value] of [
      [1, 'old.example'],
      [2, 'acme.example'],
    ] as const) {
      await c.run(
        `INSERT INTO traits (workspace_id, entity_type, entity_id, key, value, ts, seq, source)
         VALUES ('ws', 'account', 'acme', 'domain', $1, ${c.sql.at(2)}, $3, 'api')`,
        [JSON.stringify(value), T0 + seq, seq],
      );
    }
    expect(await actions.suppress(lead('acme'), 'asked')).toEqual({
      ok: true,
      value: { kind: 'domain', value: 'acme.example' },
    });
    expect(await row(c, 'acme')).toMatchObject({ status: 'suppressed' });
    expect(await c.query('SELECT kind, value, reason, source FROM suppressions')).toEqual([
      { kind: 'domain', value: 'acme.example', reason: 'asked', source: 'dashboard' },
    ]);
    const bare = await actions.suppress(lead('bare'), null);
    expect(bare.ok ? null : bare.error.code).toBe('nothing-to-suppress');
  });
});
