/**
 * The CRM sync with HubSpot: the real `@hubspot/api-client` against the local fake HubSpot, over a
 * real DuckDB store. Push is diff-based and resumable; pull is incremental and idempotent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runPull, runPush } from '../../src/crm/crm-sync.ts';
import { SqlCrmState } from '../../src/crm/sql-crm-state.ts';
import { crmConfigSchema } from '../../src/definition/crm/crm-config.ts';
import { type FakeHubspot, fakeHubspot } from '../../src/deliver/test-support/fake-hubspot.ts';
import {
  type LocalServer,
  replyJson,
  startLocalServer,
} from '../../src/deliver/test-support/local-http-server.ts';
import { funnelReport } from '../../src/report/funnel-report.ts';
import { type CrmFixture, NOW, openCrmFixture, WS } from './crm-fixture.ts';

const TOKEN = 'pat-na1-00000000-1111-2222-3333-444444444444';
let server: LocalServer | null = null;
let fx: CrmFixture | null = null;

afterEach(async () => {
  await server?.close();
  await fx?.close();
  server = null;
  fx = null;
});

interface SetUp {
  readonly fx: CrmFixture;
  readonly hubspot: FakeHubspot;
  readonly server: LocalServer;
  readonly state: SqlCrmState;
  readonly sleeps: number[];
  push(dryRun?: boolean): ReturnType<typeof runPush>;
  pull(): ReturnType<typeof runPull>;
}

async function setUp(extra: Record<string, unknown> = {}): Promise<SetUp> {
  const hubspot = fakeHubspot(TOKEN);
  hubspot.contacts.set('jane@acme.example', { id: '501', properties: { email: 'jane@acme.example' } });
  hubspot.companies.set('acme.example', { id: '902', properties: { domain: 'acme.example' } });
  server = await startLocalServer(hubspot.handle);
  fx = await openCrmFixture();
  await fx.score('user', 'u1', 72, 'hot', true);
  await fx.trait('user', 'u1', 'email', 'Jane@Acme.example');
  await fx.score('user', 'u2', 15, null);
  await fx.trait('user', 'u2', 'email', 'bob@beta.example');
  await fx.score('user', 'u3', 5, null); // no e-mail: never matched
  await fx.score('account', 'domain:acme.example', 80, 'hot');
  await fx.score('account', 'acct-9', 20, 'warm');
  await fx.trait('account', 'acct-9', 'domain', 'https://www.beta.example/');
  const config = crmConfigSchema.parse({
    hubspot: { token_env: 'HUBSPOT_TOKEN', base_path: server.url, allow_private_network: true, ...extra },
  });
  const state = new SqlCrmState(fx.store.database.client);
  const sleeps: number[] = [];
  const deps = {
    env: { HUBSPOT_TOKEN: TOKEN },
    now: () => NOW,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  };
  const store = fx.store;
  return {
    fx,
    hubspot,
    server,
    state,
    sleeps,
    push: (dryRun = false) => runPush(state, config, deps, { workspaceId: WS, dryRun }),
    pull: () => runPull(state, store, config, deps, { workspaceId: WS }),
  };
}

const only = <R>(results: readonly ({ ok: true; report: R } | { ok: false; error: string })[]): R => {
  const [first] = results;
  if (first === undefined || !first.ok) throw new Error(`push failed: ${JSON.stringify(first)}`);
  return first.report;
};

describe('crm push to HubSpot', () => {
  it('creates the properties, writes the changed records, and writes nothing the second time', async () => {
    const t = await setUp();
    const first = only(await t.push());
    expect(first).toMatchObject({ version: 'v1', changed: 5, unchanged: 0, written: 2, created: 0 });
    expect([...first.unmatched].sort()).toEqual(['account:acct-9', 'user:u2', 'user:u3']);
    expect(first.schema).toContain('contacts.kindling_score');
    expect(t.hubspot.sync.properties.get('companies')).toContain('kindling_reasons');
    expect(t.hubspot.contacts.get('jane@acme.example')?.properties).toMatchObject({
      kindling_score: '72',
      kindling_tier: 'hot',
      kindling_hand_raiser: 'true',
      kindling_fit: 'true',
      kindling_engagement: '72',
      kindling_reasons: 'Visited pricing 3+ times; invites',
      kindling_definition_version: 'v1',
    });
    expect(t.hubspot.companies.get('acme.example')?.properties).toMatchObject({ kindling_tier: 'hot' });
    const writes = t.hubspot.sync.writes.length;
    const requests = t.server.requests.length;

    const second = only(await t.push());
    expect(second).toMatchObject({ changed: 3, unchanged: 2, written: 0 }); // only the unmatched are looked up again
    expect(t.hubspot.sync.writes).toHaveLength(writes);
    expect(t.server.requests.slice(requests).map((r) => r.url)).not.toContain(
      '/crm/v3/objects/contacts/batch/update',
    );

    await t.fx.score('user', 'u1', 90, 'burning', true);
    const third = only(await t.push());
    expect(third).toMatchObject({ written: 1 });
    expect(t.hubspot.sync.writes.at(-1)).toMatchObject({
      id: '501',
      properties: { kindling_tier: 'burning' },
    });
  });

  it('creates missing contacts and companies only when configured, matching by e-mail, domain and id trait', async () => {
    const t = await setUp({ create_missing: true, id_trait: 'hubspot_id' });
    await t.fx.trait('user', 'u3', 'hubspot_id', '777'); // an id HubSpot does not know
    const report = only(await t.push());
    expect(report).toMatchObject({ written: 4, created: 2, unmatched: [] });
    expect(report.failed).toEqual([{ key: 'user:u3', reason: 'OBJECT_NOT_FOUND: Object not found' }]);
    expect(t.hubspot.contacts.get('bob@beta.example')?.properties).toMatchObject({ kindling_score: '15' });
    expect(t.hubspot.companies.get('beta.example')?.properties).toMatchObject({ kindling_tier: 'warm' });
    // The failed record is tried again next time; the written ones are not.
    const again = only(await t.push());
    expect(again).toMatchObject({ changed: 1, written: 0, created: 0 });
    expect(again.failed.map((f) => f.key)).toEqual(['user:u3']);
  });

  it('matches again a record deleted or merged since the last push, instead of failing on every push', async () => {
    const t = await setUp();
    only(await t.push());
    t.hubspot.contacts.set('jane@acme.example', { id: '650', properties: { email: 'jane@acme.example' } }); // 501 merged into 650
    await t.fx.score('user', 'u1', 91, 'burning', true);
    const report = only(await t.push());
    expect(report).toMatchObject({ written: 1, failed: [] });
    expect(t.hubspot.contacts.get('jane@acme.example')?.properties).toMatchObject({
      kindling_tier: 'burning',
    });
    expect((await t.state.pushed(WS, 'hubspot', 'contact')).map((r) => r.recordId)).toEqual(['650']);
  });

  it('--dry-run prints the changes and writes nothing, in HubSpot or in Kindling', async () => {
    const t = await setUp({ create_missing: true });
    const report = only(await t.push(true));
    expect(report.planned).toContain(
      'update contact 501 for user:u1: score=72 tier=hot fit=true engagement=72 hand_raiser=true reasons=Visited pricing 3+ times; invites definition_version=v1',
    );
    expect(report.planned.filter((line) => line.startsWith('create'))).toHaveLength(2);
    expect(report.planned).toContain('skip user:u3: no contact matches (create_missing is off)');
    expect(t.hubspot.sync.writes).toEqual([]);
    expect(t.hubspot.sync.properties.get('contacts')).not.toContain('kindling_score');
    expect(await t.state.pushed(WS, 'hubspot', 'contact')).toEqual([]);
    expect(await t.state.lastRuns(WS)).toEqual([]);
  });

  it('resumes after a failed batch without sending the finished batches again', async () => {
    const t = await setUp({ create_missing: true, batch_size: 1 });
    // A contact batch fails as a whole (a crash of the push between batches leaves the same state).
    t.hubspot.failNext.set('/crm/v3/objects/contacts/batch/create', (response) =>
      replyJson(response, 500, { status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' }),
    );
    const first = only(await t.push());
    expect(first.failed.map((f) => f.key)).toEqual(['user:u2']);
    expect(first.written).toBe(3);
    const second = only(await t.push());
    expect(second).toMatchObject({ changed: 2, written: 1, failed: [] }); // u2 now; u3 has no e-mail
    const perRecord = new Map<string, number>();
    for (const w of t.hubspot.sync.writes)
      perRecord.set(`${w.object}:${w.id}`, (perRecord.get(`${w.object}:${w.id}`) ?? 0) + 1);
    expect([...perRecord.values()].every((n) => n === 1)).toBe(true);
    expect(t.hubspot.sync.writes).toHaveLength(4);
  });

  it('waits out a 429 with Retry-After and then writes', async () => {
    const t = await setUp();
    t.hubspot.failNext.set('/crm/v3/objects/contacts/batch/update', (response) =>
      replyJson(
        response,
        429,
        { status: 'error', message: 'You have reached your secondly limit.', category: 'RATE_LIMITS' },
        { 'retry-after': '2' },
      ),
    );
    const results = await t.push();
    expect(only(results)).toMatchObject({ written: 2, failed: [] });
    expect(t.sleeps).toContain(2000);
    expect(results[0]).toMatchObject({ throttled: 1 });
  });
});

describe('crm pull from HubSpot', () => {
  const deal = (
    id: string,
    stage: string,
    modified: string,
    companies: string[],
    contacts: string[] = [],
  ) => ({
    id,
    properties: {
      dealstage: stage,
      amount: '12000',
      closedate: '2026-03-05T00:00:00.000Z',
      createdate: '2026-03-01T00:00:00.000Z',
      hs_lastmodifieddate: modified,
    },
    companies,
    contacts,
  });

  it('maps stages to outcomes, matches by record id and domain, lists the unmatched, and adds nothing twice', async () => {
    const t = await setUp();
    only(await t.push()); // learns company 902 ↔ domain:acme.example and contact 501 ↔ u1
    t.hubspot.companies.set('beta.example', { id: '903', properties: { domain: 'beta.example' } });
    t.hubspot.sync.deals.set('1', deal('1', 'qualifiedtobuy', '2026-03-02T11:00:00.000Z', ['902'], ['501']));
    t.hubspot.sync.deals.set('2', deal('2', 'closedwon', '2026-03-05T09:00:00.000Z', ['903']));
    t.hubspot.sync.deals.set('3', deal('3', 'closedlost', '2026-03-06T09:00:00.000Z', ['999']));
    const first = only(await t.pull());
    expect(first).toMatchObject({ deals: 3, added: 4 });
    expect(first.unmatched).toEqual([{ id: '3', stage: 'closedlost', tried: 'companies 999' }]);
    const outcomes = await t.fx.store.database.client.query<{
      entity_id: string;
      type: string;
      amount: number;
      source: string;
    }>('SELECT entity_id, type, amount, source FROM outcomes ORDER BY source, entity_id, type');
    expect(outcomes).toEqual([
      { entity_id: 'domain:acme.example', type: 'opportunity', amount: 12000, source: 'hubspot:deal:1' },
      { entity_id: 'u1', type: 'opportunity', amount: 12000, source: 'hubspot:deal:1' },
      { entity_id: 'acct-9', type: 'opportunity', amount: 12000, source: 'hubspot:deal:2' },
      { entity_id: 'acct-9', type: 'won', amount: 12000, source: 'hubspot:deal:2' },
    ]);

    const second = only(await t.pull());
    expect(second.added).toBe(0);
    expect(await t.fx.store.database.client.query('SELECT count(*) AS n FROM outcomes')).toEqual([{ n: 4 }]);

    // Deal 1 is won later: only the won outcomes are new; the cursor reads deal 1 and deal 3 (modified
    // at the cursor itself, which is inclusive) and not deal 2.
    t.hubspot.sync.deals.set('1', deal('1', 'closedwon', '2026-03-07T09:00:00.000Z', ['902'], ['501']));
    const third = only(await t.pull());
    expect(third).toMatchObject({ deals: 2, added: 2, alreadyStored: 2 });

    const { report } = await funnelReport(t.fx.store.database.client, {
      workspaceId: WS,
      from: NOW - 86_400_000,
      to: NOW + 30 * 86_400_000,
      entityType: 'account',
    });
    expect(report.totals).toMatchObject({ qualifications: 2 });
    expect(JSON.stringify(report)).toContain('24000');
  });
});
