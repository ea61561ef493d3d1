/**
 * Lead follow-ups (`applyTouches`, `markBreaches`, `awaitingEscalation`, `escalate`): first touches stop
 * SLA clocks, overdue leads are marked breached and escalated through the outbox, on every back end.
 */
import { afterEach, expect, it } from 'vitest';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import { enqueueDeliveries } from '../../src/outbox/enqueue-deliveries.ts';
import { escalate } from '../../src/realtime/escalate.ts';
import { applyTouches, awaitingEscalation, markBreaches } from '../../src/realtime/lead-writes.ts';
import type { OutcomeRow } from '../../src/store/store.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);

async function openLead(c: SqlClient, id: string, slaDueAt: number | null, status = 'open'): Promise<void> {
  await c.run(
    `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, tier, score, status, sla_due_at,
       opened_at, updated_at, owner, owner_name, team)
     VALUES ('ws', 'account', $1, $2, 'hot', 60, $3, ${c.sql.at(4)}, ${c.sql.at(5)}, ${c.sql.at(5)},
       'ae@example.com', 'Ann', 'AE')`,
    [id, `q_${id}`, status, slaDueAt, T0],
  );
  await c.run(
    `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type,
       entity_id, kind, as_of, created_at, score, tier, hand_raiser, status)
     VALUES ($1, 'ws', 'pql', 'v1', false, 'account', $2, 'qualified', ${c.sql.at(3)}, ${c.sql.at(3)}, 60, 'hot',
       false, 'alerted')`,
    [`q_${id}`, id, T0],
  );
}

const outcome = (entityId: string, type: OutcomeRow['type'], timestamp: number): OutcomeRow => ({
  entityType: 'account',
  entityId,
  type,
  amount: null,
  owner: null,
  timestamp,
  source: 'api',
});

interface LeadRow {
  [column: string]: string | number | null;
  status: string;
  contacted_at: number | null;
  breached_at: number | null;
}

const leadOf = async (c: SqlClient, id: string) =>
  (
    await c.query<LeadRow>('SELECT status, contacted_at, breached_at FROM leads WHERE entity_id = $1', [id])
  )[0];

describeEachBackend('lead follow-ups', (open) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });
  const client = async () => {
    db = await open();
    const c = db.database.client;
    await openLead(c, 'a', T0 + 4 * H);
    await openLead(c, 'b', T0 + 4 * H);
    await openLead(c, 'c', T0 + 24 * H);
    await openLead(c, 'd', T0 + H, 'suppressed');
    return c;
  };

  it('a contacted outcome stops the SLA clock; a non-touch outcome or an older touch does not', async () => {
    const c = await client();
    const changed = await applyTouches(c, 'ws', [
      outcome('a', 'contacted', T0 + H),
      outcome('b', 'churned', T0 + H),
      outcome('c', 'contacted', T0 - H),
    ]);
    expect(changed).toEqual([{ entityType: 'account', entityId: 'a' }]);
    expect(await leadOf(c, 'a')).toEqual({ status: 'contacted', contacted_at: T0 + H, breached_at: null });
    expect((await leadOf(c, 'b'))?.contacted_at).toBeNull();
    expect((await leadOf(c, 'c'))?.contacted_at).toBeNull();
    // A second touch keeps the first.
    await applyTouches(c, 'ws', [outcome('a', 'meeting', T0 + 2 * H)]);
    expect((await leadOf(c, 'a'))?.contacted_at).toBe(T0 + H);
  });

  it('marks open, untouched leads past their SLA as breached, once', async () => {
    const c = await client();
    await applyTouches(c, 'ws', [outcome('a', 'contacted', T0 + H)]);
    const breached = await c.transaction((tx) => markBreaches(tx, 'ws', T0 + 5 * H));
    expect(breached).toEqual([
      {
        entityType: 'account',
        entityId: 'b',
        qualificationId: 'q_b',
        owner: 'ae@example.com',
        team: 'AE',
        rule: null,
        slaDueAt: T0 + 4 * H,
      },
    ]);
    expect((await leadOf(c, 'b'))?.breached_at).toBe(T0 + 5 * H);
    expect(await markBreaches(c, 'ws', T0 + 6 * H)).toEqual([]);
    expect((await markBreaches(c, 'ws', T0 + 25 * H)).map((l) => l.entityId)).toEqual(['c']);
  });

  it('escalates a breached lead: new owner and due time on the lead, the alert re-sent through the outbox', async () => {
    const c = await client();
    await enqueueDeliveries(
      c,
      sampleAlert({ id: 'q_b', workspaceId: 'ws', entityType: 'account', entityId: 'b' }),
      ['hook'],
      T0,
    );
    await markBreaches(c, 'ws', T0 + 5 * H);
    const waiting = await awaitingEscalation(c, 'ws');
    expect(waiting.map((l) => l.entityId)).toEqual(['a', 'b']);
    const enqueued = await c.transaction(async (tx) => {
      let n = 0;
      for (const lead of waiting) {
        n += await escalate(
          tx,
          lead,
          async () => ({
            owner: { email: 'lead@example.com', name: 'Lee', team: 'Managers' },
            slaDueAt: T0 + 9 * H,
            escalatedTo: 'lead@example.com',
            destinations: ['hook', 'slack'],
            note: 'reassigned to the team lead',
          }),
          T0 + 5 * H,
        );
      }
      return n;
    });
    // Lead a was never alerted: it is re-assigned but nothing is re-sent.
    expect(enqueued).toBe(2);
    const leads = await c.query(
      `SELECT entity_id, owner, owner_name, team, escalated_to, sla_due_at, assigned_at FROM leads
       WHERE entity_id IN ('a', 'b') ORDER BY entity_id`,
    );
    const escalated = {
      owner: 'lead@example.com',
      owner_name: 'Lee',
      team: 'Managers',
      escalated_to: 'lead@example.com',
      sla_due_at: T0 + 9 * H,
      assigned_at: T0 + 5 * H,
    };
    expect(leads).toEqual([
      { entity_id: 'a', ...escalated },
      { entity_id: 'b', ...escalated },
    ]);
    const resent = await c.query<{ alert_id: string; destination: string }>(
      `SELECT alert_id, destination FROM deliveries WHERE alert_id <> 'q_b' ORDER BY seq`,
    );
    expect(resent).toEqual([
      { alert_id: 'q_b-escalation', destination: 'hook' },
      { alert_id: 'q_b-escalation', destination: 'slack' },
    ]);
    expect(await awaitingEscalation(c, 'ws')).toEqual([]);
  });

  it('an escalator that keeps the owner changes only who was told', async () => {
    const c = await client();
    await markBreaches(c, 'ws', T0 + 5 * H);
    const [lead] = await awaitingEscalation(c, 'ws');
    if (lead === undefined) throw new Error('lead a is breached');
    const keep = async () => ({
      owner: null,
      slaDueAt: null,
      escalatedTo: 'manager',
      destinations: [],
      note: 'told',
    });
    expect(await escalate(c, lead, keep, T0 + 6 * H)).toBe(0);
    expect(
      await c.query(
        `SELECT owner, owner_name, team, escalated_to, sla_due_at FROM leads WHERE entity_id = 'a'`,
      ),
    ).toEqual([
      {
        owner: 'ae@example.com',
        owner_name: 'Ann',
        team: 'AE',
        escalated_to: 'manager',
        sla_due_at: T0 + 4 * H,
      },
    ]);
  });
});
