/**
 * The lead queue's reads and the lead actions on a store with 10,000 leads: filters, sorts and
 * pages are done by the database (a page stays fast), and each action changes the lead as it says.
 */

import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadQuerySchema, listLeads } from '../../src/dashboard/lead-list.ts';
import { LeadActions } from '../../src/leads/lead-actions.ts';
import { type FeedItem, QualificationFeed } from '../../src/realtime/qualification-feed.ts';
import { connect } from '../../src/store/duckdb/attached-databases.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { seedLeads } from '../support/seed-leads.ts';
import { tempDir } from '../support/temp-dir.ts';

const NOW = Date.UTC(2026, 0, 15, 12);
const HOUR = 3_600_000;
const LEADS = 10_000;
const TIERS = ['warm', 'hot', 'burning'];

describe('the lead queue on 10,000 leads', () => {
  const dir = tempDir();
  let store: DuckDbStore;
  let conn: DuckDBConnection;
  const feed = new QualificationFeed();
  const announced: FeedItem[] = [];

  beforeAll(async () => {
    store = await DuckDbStore.open(dir.path, () => NOW);
    conn = await connect(store.instance);
    feed.subscribe((item) => announced.push(item));
    await seedLeads(store.database.client, LEADS, NOW);
  });

  afterAll(async () => {
    conn.closeSync();
    await store.close();
    dir.remove();
  });

  const page = (query: Record<string, string>) =>
    listLeads(store.database.client, 'w', leadQuerySchema.parse(query), NOW);

  it('pages, filters and sorts on the server', async () => {
    const first = await page({});
    expect(first.total).toBe(LEADS);
    expect(first.leads).toHaveLength(50);
    expect(first.leads[0]?.score).toBe(99);
    expect(first.facets.tiers.map((t) => t.value)).toEqual(['burning', 'hot', 'warm']);
    expect(first.facets.tiers.reduce((sum, t) => sum + t.count, 0)).toBe(LEADS);

    const hot = await page({
      tier: 'hot',
      owner: 'rep1@x.example',
      definition: 'main',
      page: '3',
      pageSize: '20',
    });
    expect(
      hot.leads.every(
        (l) => l.tier === 'hot' && l.owner === 'rep1@x.example' && l.definition?.name === 'main',
      ),
    ).toBe(true);
    expect(hot.page).toBe(3);
    const unassigned = await page({ owner: '' });
    expect(unassigned.total).toBe(Math.ceil(LEADS / 7));
    expect(unassigned.leads.every((l) => l.owner === null)).toBe(true);
    const soonest = await page({ sort: 'sla', pageSize: '3' });
    expect(soonest.leads.map((l) => l.entityId)).toEqual(['acc_00000', 'acc_00001', 'acc_00002']);
    expect(TIERS).toContain(soonest.leads[0]?.tier);
  });

  it('marks contacted (SLA stopped, outcome recorded), snoozes, reassigns and suppresses', async () => {
    const actions = new LeadActions({ client: store.database.client, store, feed, now: () => NOW });
    const lead = { workspaceId: 'w', entityType: 'account' as const, entityId: 'acc_00042' };
    await store.appendTraits('w', [
      {
        entityType: 'account',
        entityId: 'acc_00042',
        key: 'domain',
        value: '"Acme.example"',
        timestamp: null,
        source: 't',
      },
    ]);

    const contacted = await actions.contacted(lead, 'rep1@x.example');
    expect(contacted).toEqual({ ok: true, value: { contactedAt: NOW } });
    const [row] = (await page({ status: 'contacted' })).leads;
    expect(row).toMatchObject({
      entityId: 'acc_00042',
      contactedAt: new Date(NOW).toISOString(),
      status: 'contacted',
    });
    const outcomes = await conn.runAndReadAll(
      `SELECT type, owner, source FROM outcomes WHERE entity_id = 'acc_00042'`,
    );
    expect(outcomes.getRows()).toEqual([['contacted', 'rep1@x.example', 'dashboard']]);

    expect((await actions.snooze({ ...lead, entityId: 'acc_00043' }, NOW + 24 * HOUR)).ok).toBe(true);
    expect((await page({ status: 'snoozed' })).leads[0]?.snoozedUntil).toBe(
      new Date(NOW + 24 * HOUR).toISOString(),
    );

    expect(await actions.reassign(lead, { email: 'new@x.example', name: 'New Owner' })).toEqual({
      ok: true,
      value: { owner: 'new@x.example' },
    });
    expect((await page({ owner: 'new@x.example' })).leads[0]?.ownerName).toBe('New Owner');

    expect(await actions.suppress(lead, 'asked us to stop')).toEqual({
      ok: true,
      value: { kind: 'domain', value: 'acme.example' },
    });
    const listed = await conn.runAndReadAll(
      `SELECT kind, value, reason, source FROM suppressions WHERE workspace_id = 'w'`,
    );
    expect(listed.getRows()).toEqual([['domain', 'acme.example', 'asked us to stop', 'dashboard']]);
    expect((await actions.suppress({ ...lead, entityId: 'acc_00044' }, null)).ok).toBe(false);
    expect((await actions.contacted({ ...lead, entityId: 'nobody' }, null)).ok).toBe(false);

    expect(announced.map((item) => (item.type === 'lead' ? item.data.change : item.type))).toEqual([
      'contacted',
      'snoozed',
      'reassigned',
      'suppressed',
    ]);
  });
});
