/**
 * Qualifications and leads (`recordQualification`): the qualification with its routing decision, the
 * lead and the outbox deliveries, written in one transaction, the same on every back end.
 */
import { expect, it } from 'vitest';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import {
  type QualificationRow,
  recordQualification,
  statusOf,
} from '../../src/realtime/record-qualification.ts';
import type { RouteDecision } from '../../src/realtime/routing-port.ts';
import { databasesPerTest, describeEachBackend } from '../support/backends.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;
const OWNER = { email: 'ae1@vendor.example', name: 'Ann', team: 'AE' };

function decision(overrides: Partial<RouteDecision> = {}): RouteDecision {
  return {
    rule: 'hot',
    status: 'alert',
    reason: 'no-routing',
    detail: 'rule hot matched',
    owner: OWNER,
    assignment: 'round-robin',
    destinations: ['slack', 'hook'],
    digestDestinations: [],
    slaDueAt: T0 + 4 * HOUR,
    nextAction: null,
    ...overrides,
  };
}

function qualification(id: string, at: number, route: RouteDecision | null, tier = 'hot'): QualificationRow {
  const base = {
    id,
    workspaceId: 'ws',
    definitionName: 'pql',
    definitionVersion: 'v1',
    shadow: false,
    entityType: 'account' as const,
    entityId: 'acme',
    kind: 'qualified' as const,
    asOf: at,
    createdAt: at,
    score: 70,
    tier,
    previousTier: null,
    handRaiser: false,
    trigger: { event: 'Demo Requested', at: at - 1000, committedAt: at },
    receipt: null,
    decision: route,
  };
  return { ...base, status: statusOf(base, route) };
}

const alertFor = (row: QualificationRow) =>
  sampleAlert({ id: row.id, workspaceId: row.workspaceId, entityType: 'account', entityId: row.entityId });

interface LeadRow {
  [column: string]: string | number | boolean | null;
  qualification_id: string;
  tier: string | null;
  owner: string | null;
  status: string;
  assigned_at: number | null;
  sla_due_at: number | null;
}

const leadOf = async (client: SqlClient) =>
  (
    await client.query<LeadRow>(
      `SELECT qualification_id, tier, owner, status, assigned_at, sla_due_at FROM leads
       WHERE workspace_id = 'ws' AND entity_type = 'account' AND entity_id = 'acme'`,
    )
  )[0];

const count = async (client: SqlClient, table: string) =>
  Number((await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

/** A real client of the test database whose statements fail once one matches `pattern`: a write that fails midway. */
function failingOn(tx: SqlClient, pattern: RegExp): SqlClient {
  const check = (text: string) => {
    if (pattern.test(text)) throw new Error(`injected failure: ${pattern}`);
  };
  return {
    backend: tx.backend,
    sql: tx.sql,
    query: async (text, params) => {
      check(text);
      return tx.query(text, params);
    },
    run: async (text, params) => {
      check(text);
      return tx.run(text, params);
    },
    transaction: (work) => tx.transaction((inner) => work(failingOn(inner, pattern))),
  };
}

describeEachBackend('qualifications and leads', (open) => {
  const database = databasesPerTest(open);
  const client = async () => (await database()).database.client;

  it('writes the qualification with its decision, the lead and the deliveries in one transaction', async () => {
    const c = await client();
    const row = qualification('q_1', T0, decision({ digestDestinations: ['digest-mail'] }));
    const due = await c.transaction((tx) =>
      recordQualification(tx, row, alertFor(row), { digestAt: () => T0 + 8 * HOUR }),
    );
    expect(due).toEqual({ due: [expect.any(String), expect.any(String)], claimed: [] });
    const [stored] = await c.query(
      `SELECT id, status, reason, rule, owner, team, destinations, as_of, trigger_event, trigger_at, sla_due_at, shadow
       FROM qualifications`,
    );
    expect(stored).toEqual({
      id: 'q_1',
      status: 'alerted',
      reason: 'no-routing',
      rule: 'hot',
      owner: OWNER.email,
      team: 'AE',
      destinations: JSON.stringify({ now: ['slack', 'hook'], digest: ['digest-mail'] }),
      as_of: T0,
      trigger_event: 'Demo Requested',
      trigger_at: T0 - 1000,
      sla_due_at: T0 + 4 * HOUR,
      shadow: false,
    });
    expect(await leadOf(c)).toEqual({
      qualification_id: 'q_1',
      tier: 'hot',
      owner: OWNER.email,
      status: 'open',
      assigned_at: T0,
      sla_due_at: T0 + 4 * HOUR,
    });
    const deliveries = await c.query<{ destination: string; status: string; next_attempt_at: number }>(
      'SELECT destination, status, next_attempt_at FROM deliveries ORDER BY seq',
    );
    expect(deliveries).toEqual([
      { destination: 'slack', status: 'pending', next_attempt_at: T0 },
      { destination: 'hook', status: 'pending', next_attempt_at: T0 },
      { destination: 'digest-mail', status: 'digest', next_attempt_at: T0 + 8 * HOUR },
    ]);
  });

  it('stores nothing of a qualification whose transaction fails midway (at its deliveries)', async () => {
    const c = await client();
    const row = qualification('q_1', T0, decision());
    await expect(
      c.transaction((tx) => recordQualification(failingOn(tx, /INSERT INTO deliveries/), row, alertFor(row))),
    ).rejects.toThrow(/injected failure/);
    expect(await count(c, 'qualifications')).toBe(0);
    expect(await count(c, 'leads')).toBe(0);
    expect(await count(c, 'deliveries')).toBe(0);
    // The same write then succeeds whole.
    await c.transaction((tx) => recordQualification(tx, row, alertFor(row)));
    expect([await count(c, 'qualifications'), await count(c, 'leads'), await count(c, 'deliveries')]).toEqual(
      [1, 1, 2],
    );
  });

  it('a later qualification keeps the lead and its owner: a cooldown refreshes only tier and score', async () => {
    const c = await client();
    const first = qualification('q_1', T0, decision());
    await c.transaction((tx) => recordQualification(tx, first, alertFor(first)));
    const cooled = qualification('q_2', T0 + HOUR, decision({ status: 'cooldown', owner: null }), 'burning');
    expect(await c.transaction((tx) => recordQualification(tx, cooled, alertFor(cooled)))).toEqual({
      due: [],
      claimed: [],
    });
    expect(await leadOf(c)).toMatchObject({ qualification_id: 'q_2', tier: 'burning', owner: OWNER.email });
    // Alerted again to the same owner: the assignment time stays the first one.
    const again = qualification('q_3', T0 + 2 * HOUR, decision({ slaDueAt: T0 + 6 * HOUR }));
    await c.transaction((tx) => recordQualification(tx, again, alertFor(again)));
    expect(await leadOf(c)).toEqual({
      qualification_id: 'q_3',
      tier: 'hot',
      owner: OWNER.email,
      status: 'open',
      assigned_at: T0,
      sla_due_at: T0 + 6 * HOUR,
    });
    expect(await count(c, 'leads')).toBe(1);
  });

  it('a new alert reopens a worked lead: contact, breach, escalation and snooze cleared, a new owner assigned now', async () => {
    const c = await client();
    const first = qualification('q_1', T0, decision());
    await c.transaction((tx) => recordQualification(tx, first, alertFor(first)));
    await c.run(
      `UPDATE leads SET status = 'contacted', contacted_at = ${c.sql.at(1)}, breached_at = ${c.sql.at(1)},
         escalated_to = 'lead@vendor.example', snoozed_until = ${c.sql.at(1)}`,
      [T0 + HOUR],
    );
    const owner = { email: 'ae2@vendor.example', name: 'Bo', team: 'AE' };
    const again = qualification(
      'q_2',
      T0 + 2 * HOUR,
      decision({ owner, slaDueAt: T0 + 6 * HOUR }),
      'burning',
    );
    await c.transaction((tx) => recordQualification(tx, again, alertFor(again)));
    const [lead] = await c.query(
      `SELECT qualification_id, tier, owner, owner_name, status, assigned_at, opened_at, sla_due_at,
         contacted_at, breached_at, escalated_to, snoozed_until FROM leads`,
    );
    expect(lead).toEqual({
      qualification_id: 'q_2',
      tier: 'burning',
      owner: owner.email,
      owner_name: 'Bo',
      status: 'open',
      assigned_at: T0 + 2 * HOUR,
      opened_at: T0 + 2 * HOUR,
      sla_due_at: T0 + 6 * HOUR,
      contacted_at: null,
      breached_at: null,
      escalated_to: null,
      snoozed_until: null,
    });
    // Suppressed next: the lead stays, unowned time kept, with no SLA.
    const quiet = qualification(
      'q_3',
      T0 + 3 * HOUR,
      decision({ status: 'suppressed', owner: null, slaDueAt: null }),
    );
    await c.transaction((tx) => recordQualification(tx, quiet, alertFor(quiet)));
    expect(await leadOf(c)).toEqual({
      qualification_id: 'q_3',
      tier: 'hot',
      owner: null,
      status: 'suppressed',
      assigned_at: null,
      sla_due_at: null,
    });
  });

  it('keeps write order: qualifications and each entity’s deliveries come back in the order they were written', async () => {
    const c = await client();
    const ids = ['q_c', 'q_a', 'q_b'];
    for (const [n, id] of ids.entries()) {
      const row = qualification(id, T0 + n * HOUR, decision({ destinations: ['hook'] }));
      await c.transaction((tx) => recordQualification(tx, row, alertFor(row)));
    }
    const order = await c.query<{ id: string }>('SELECT id FROM qualifications ORDER BY seq');
    expect(order.map((r) => r.id)).toEqual(ids);
    const queue = await c.query<{ alert_id: string }>(
      `SELECT alert_id FROM deliveries WHERE entity_type = 'account' AND entity_id = 'acme' ORDER BY seq`,
    );
    expect(queue.map((r) => r.alert_id)).toEqual(ids);
  });

  it('records a downgrade and a shadow qualification without touching the queue', async () => {
    const c = await client();
    const first = qualification('q_1', T0, decision());
    await c.transaction((tx) => recordQualification(tx, first, alertFor(first)));
    const down = { ...qualification('q_2', T0 + HOUR, null, 'warm'), kind: 'downgraded' as const };
    await c.transaction((tx) => recordQualification(tx, { ...down, status: statusOf(down, null) }, null));
    const shadow = { ...qualification('q_3', T0 + HOUR, null), shadow: true };
    await c.transaction((tx) => recordQualification(tx, { ...shadow, status: 'shadow' }, null));
    expect(await leadOf(c)).toMatchObject({ qualification_id: 'q_1', tier: 'warm', owner: OWNER.email });
    const kinds = await c.query<{ id: string; kind: string; status: string }>(
      'SELECT id, kind, status FROM qualifications ORDER BY seq',
    );
    expect(kinds).toEqual([
      { id: 'q_1', kind: 'qualified', status: 'alerted' },
      { id: 'q_2', kind: 'downgraded', status: 'recorded' },
      { id: 'q_3', kind: 'qualified', status: 'shadow' },
    ]);
    expect(await count(c, 'deliveries')).toBe(2);
  });
});
