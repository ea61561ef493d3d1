/**
 * The dashboard's reads (src/dashboard/: the lead queue, one lead, the lead page's history, names,
 * workspaces, the definition page's weekly counts), the same on every back end: order, filters,
 * facets and named fields. 100 leads from test/support/seed-leads.ts: lead n has score n, tier
 * burning (76+), hot (51–75) or warm, definition main (even n) or trial, owner rep(n % 3) except
 * every 7th, SLA due n seconds after NOW, opened n minutes before it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { definitionView } from '../../src/dashboard/definition-view.ts';
import { leadDetail } from '../../src/dashboard/lead-detail.ts';
import { findLead, leadQuerySchema, listLeads } from '../../src/dashboard/lead-list.ts';
import { workspaceDefinition } from '../../src/dashboard/workspace-definition.ts';
import { listWorkspaces, workspaceExists } from '../../src/dashboard/workspaces.ts';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import type { Dataset } from '../../src/model/dataset.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';
import { seedLeads } from '../support/seed-leads.ts';

const NOW = Date.UTC(2026, 0, 15, 12);
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const NO_DATA: Dataset = { events: [], links: [], memberships: [], traits: [] };

async function seedNames(db: SqlClient): Promise<void> {
  const at = db.sql.at;
  await db.run(
    `INSERT INTO workspaces (id, name, created_at) VALUES ('w', 'Main', ${at(1)}), ('w2', 'Second', ${at(1)}),
       ('demo', 'Demo', ${at(1)})`,
    [NOW],
  );
  // The latest write of a trait names the entity; a blank one names nothing.
  await db.run(
    `INSERT INTO traits (workspace_id, entity_type, entity_id, key, value, ts, seq, source) VALUES
       ('w', 'account', 'acc_00099', 'name', '"Old name"', ${at(1)}, 1, 't'),
       ('w', 'account', 'acc_00099', 'name', '"Acme"', ${at(2)}, 2, 't'),
       ('w', 'account', 'acc_00099', 'domain', '"acme.example"', NULL, 3, 't'),
       ('w', 'account', 'acc_00098', 'name', '"  "', ${at(2)}, 4, 't'),
       ('w2', 'account', 'acme', 'name', '"Acme Two"', ${at(1)}, 5, 't'),
       ('w2', 'user', 'u1', 'email', '"ann@acme.example"', ${at(1)}, 6, 't'),
       ('w2', 'user', 'u1', 'name', '"Ann"', ${at(1)}, 7, 't')`,
    [NOW - 2 * HOUR, NOW - HOUR],
  );
  await db.run(
    `INSERT INTO memberships (workspace_id, user_key, group_id, ts, seq) VALUES
       ('w2', 'u1', 'later', ${at(2)}, 8), ('w2', 'u1', 'acme', ${at(1)}, 9)`,
    [NOW - 3 * HOUR, NOW - HOUR],
  );
  // One user lead in w2, qualified by a hand-raiser, with a delivery and an outcome.
  await db.run(
    `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type, entity_id,
       kind, as_of, created_at, score, tier, previous_tier, hand_raiser, trigger_event, trigger_at, receipt, status,
       reason, rule, owner, sla_due_at)
     VALUES ('qu1', 'w2', 'main', 'v9', false, 'user', 'u1', 'qualified', ${at(1)}, ${at(1)}, 42.5, 'hot', 'warm', true,
       'Demo Requested', ${at(1)}, NULL, 'alerted', 'tier rose', 'r1', 'rep@x.example', ${at(2)})`,
    [NOW - HOUR, NOW + HOUR],
  );
  await db.run(
    `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, tier, score, rule, owner, owner_name, team,
       assigned_at, status, sla_due_at, contacted_at, opened_at, updated_at)
     VALUES ('w2', 'user', 'u1', 'qu1', 'hot', 42.5, 'r1', 'rep@x.example', 'Rep', 'emea', ${at(1)}, 'contacted',
       ${at(2)}, ${at(3)}, ${at(1)}, ${at(3)})`,
    [NOW - HOUR, NOW + HOUR, NOW - 30 * 60_000],
  );
  await db.run(
    `INSERT INTO deliveries (id, workspace_id, alert_id, destination, entity_type, entity_id, idempotency_key, payload,
       status, attempts, next_attempt_at, last_status, last_detail, created_at, updated_at, delivered_at)
     VALUES ('d1', 'w2', 'qu1', 'slack', 'user', 'u1', 'qu1:slack', '{}', 'delivered', 2, NULL, 200, 'ok',
       ${at(1)}, ${at(2)}, ${at(2)})`,
    [NOW - HOUR, NOW - HOUR + 5_000],
  );
  await db.run(
    `INSERT INTO outcomes (workspace_id, seq, entity_type, entity_id, type, amount, owner, ts, source, received_at)
     VALUES ('w2', 10, 'user', 'u1', 'contacted', NULL, 'rep@x.example', ${at(1)}, 'dashboard', ${at(1)}),
            ('w2', 11, 'user', 'u1', 'opportunity', 5000, NULL, ${at(2)}, 'crm', ${at(2)})`,
    [NOW - 30 * 60_000, NOW - 10 * 60_000],
  );
}

describeEachBackend('dashboard reads', (open) => {
  let db: TestDatabase;
  let sql: SqlClient;
  beforeAll(async () => {
    db = await open();
    sql = db.database.client;
    await seedLeads(sql, 100, NOW);
    await seedNames(sql);
  });
  afterAll(() => db.close());

  const page = (query: Record<string, string>) => listLeads(sql, 'w', leadQuerySchema.parse(query), NOW);
  const ids = (p: Awaited<ReturnType<typeof page>>) => p.leads.map((l) => l.entityId);

  it('sorts by score, SLA or recency, and pages', async () => {
    const first = await page({ pageSize: '3' });
    expect([first.total, first.page, first.pageSize]).toEqual([100, 1, 3]);
    expect(ids(first)).toEqual(['acc_00099', 'acc_00098', 'acc_00097']);
    expect(ids(await page({ page: '2', pageSize: '3' }))).toEqual(['acc_00096', 'acc_00095', 'acc_00094']);
    expect(ids(await page({ sort: 'sla', pageSize: '3' }))).toEqual(['acc_00000', 'acc_00001', 'acc_00002']);
    expect(ids(await page({ sort: 'recent', pageSize: '2' }))).toEqual(['acc_00000', 'acc_00001']);
    expect((await page({ page: '100' })).leads).toEqual([]);
  });

  it('filters by tier, owner (empty: unassigned), status and definition', async () => {
    expect((await page({ tier: 'hot' })).total).toBe(25);
    expect((await page({ tier: 'burning' })).leads.every((l) => l.tier === 'burning')).toBe(true);
    const unassigned = await page({ owner: '' });
    expect(unassigned.total).toBe(15);
    expect(unassigned.leads.every((l) => l.owner === null)).toBe(true);
    expect((await page({ owner: 'rep1@x.example' })).total).toBe(28);
    expect((await page({ status: 'open' })).total).toBe(100);
    expect((await page({ status: 'contacted' })).total).toBe(0);
    const main = await page({ definition: 'main', tier: 'warm' });
    expect(main.total).toBe(26);
    expect(main.leads.every((l) => l.definition?.name === 'main')).toBe(true);
  });

  it('counts the facets of the whole workspace', async () => {
    expect((await page({ tier: 'hot' })).facets).toEqual({
      tiers: [
        { value: 'burning', label: null, count: 24 },
        { value: 'hot', label: null, count: 25 },
        { value: 'warm', label: null, count: 51 },
      ],
      owners: [
        { value: 'rep0@x.example', label: null, count: 29 },
        { value: 'rep1@x.example', label: null, count: 28 },
        { value: 'rep2@x.example', label: null, count: 28 },
        { value: null, label: null, count: 15 },
      ],
      statuses: [{ value: 'open', label: null, count: 100 }],
      definitions: [
        { value: 'main', label: null, count: 50 },
        { value: 'trial', label: null, count: 50 },
      ],
    });
  });

  it('gives each lead its named fields and names', async () => {
    const [top, blank] = (await page({ pageSize: '2' })).leads;
    expect(top).toEqual({
      entityType: 'account',
      entityId: 'acc_00099',
      name: 'Acme',
      company: 'acme.example',
      email: null,
      tier: 'burning',
      score: 99,
      handRaiser: false,
      owner: 'rep0@x.example',
      ownerName: null,
      team: null,
      rule: 'r',
      status: 'open',
      slaDueAt: iso(NOW + 99_000),
      contactedAt: null,
      breachedAt: null,
      snoozedUntil: null,
      openedAt: iso(NOW - 99 * 60_000),
      updatedAt: iso(NOW - 99 * 60_000),
      qualificationId: 'q99',
      definition: { name: 'trial', version: 'v1' },
      trigger: null,
      topSignals: [],
    });
    expect(blank).toMatchObject({ entityId: 'acc_00098', name: null, company: null });

    expect(await findLead(sql, 'w2', 'user', 'u1', NOW)).toMatchObject({
      name: 'Ann',
      company: 'Acme Two', // the first account joined
      email: 'ann@acme.example',
      score: 42.5,
      handRaiser: true,
      ownerName: 'Rep',
      team: 'emea',
      status: 'contacted',
      contactedAt: iso(NOW - 30 * 60_000),
      trigger: { event: 'Demo Requested', at: iso(NOW - HOUR) },
      definition: { name: 'main', version: 'v9' },
    });
    expect(await findLead(sql, 'w', 'user', 'u1', NOW)).toBeNull();
  });

  it("reads the lead page's qualifications, deliveries and outcomes", async () => {
    const detail = await leadDetail(
      { db: sql, dataset: async () => NO_DATA },
      {
        workspaceId: 'w2',
        entityType: 'user',
        entityId: 'u1',
        definition: null,
        options: { domainAccounts: false },
        now: NOW,
      },
    );
    expect(detail?.qualifications).toEqual([
      {
        id: 'qu1',
        kind: 'qualified',
        tier: 'hot',
        previousTier: 'warm',
        score: 42.5,
        asOf: iso(NOW - HOUR),
        status: 'alerted',
        reason: 'tier rose',
        rule: 'r1',
        owner: 'rep@x.example',
        slaDueAt: iso(NOW + HOUR),
        trigger: 'Demo Requested',
        triggerText: 'Demo Requested',
        definition: 'main',
        version: 'v9',
        shadow: false,
      },
    ]);
    expect(detail?.deliveries).toEqual([
      {
        id: 'd1',
        qualificationId: 'qu1',
        destination: 'slack',
        status: 'delivered',
        attempts: 2,
        lastStatus: 200,
        lastDetail: 'ok',
        createdAt: iso(NOW - HOUR),
        deliveredAt: iso(NOW - HOUR + 5_000),
        nextAttemptAt: null,
      },
    ]);
    expect(detail?.outcomes).toEqual([
      { type: 'opportunity', amount: 5000, owner: null, at: iso(NOW - 10 * 60_000), source: 'crm' },
      {
        type: 'contacted',
        amount: null,
        owner: 'rep@x.example',
        at: iso(NOW - 30 * 60_000),
        source: 'dashboard',
      },
    ]);
  });

  it('lists workspaces and counts qualifications per week for the definition page', async () => {
    expect(await listWorkspaces(sql)).toEqual([
      { id: 'demo', name: 'Demo', demo: true },
      { id: 'w', name: 'Main', demo: false },
      { id: 'w2', name: 'Second', demo: false },
    ]);
    expect(await workspaceExists(sql, 'w2')).toBe(true);
    expect(await workspaceExists(sql, 'nope')).toBe(false);

    const { ir } = loadDefinition(
      'kindling: 1\nname: main\nentity: account\ntiers: { warm: 0, hot: 51 }\n',
      'k.yml',
    );
    if (ir === null) throw new Error('the test definition loads');
    const definition = await workspaceDefinition(sql, 'w', () => ({
      ir,
      source: null,
      file: 'k.yml',
      origin: 'server',
    }));
    if (definition === null) throw new Error('the fallback applies');
    expect(definition).toMatchObject({ origin: 'server', activatedAt: null });
    const view = await definitionView(sql, 'w', definition, NOW);
    // NOW is Thursday 2026-01-15; the 50 main leads (even n) were qualified 0–98 minutes before it.
    expect(view.weekly).toEqual([
      { week: '2026-01-12', tier: 'burning', count: 12 },
      { week: '2026-01-12', tier: 'hot', count: 12 },
      { week: '2026-01-12', tier: 'warm', count: 26 },
    ]);
  });
});
