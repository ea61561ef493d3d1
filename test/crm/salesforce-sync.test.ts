/**
 * The CRM sync with Salesforce: real `jsforce` against the local fake Salesforce (sObject
 * Collections, describe, Tooling API, SOQL), over a real DuckDB store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runPull, runPush } from '../../src/crm/crm-sync.ts';
import { SqlCrmState } from '../../src/crm/sql-crm-state.ts';
import { crmConfigSchema } from '../../src/definition/crm/crm-config.ts';
import { type FakeSalesforce, fakeSalesforce } from '../../src/deliver/test-support/fake-salesforce.ts';
import {
  type LocalServer,
  replyJson,
  startLocalServer,
} from '../../src/deliver/test-support/local-http-server.ts';
import { type CrmFixture, NOW, openCrmFixture, WS } from './crm-fixture.ts';

const TOKEN = '00D000000000001!AQ4AQFakeSessionToken';
const VERSION = '62.0';
let server: LocalServer | null = null;
let fx: CrmFixture | null = null;

afterEach(async () => {
  await server?.close();
  await fx?.close();
  server = null;
  fx = null;
});

async function setUp(extra: Record<string, unknown> = {}) {
  const salesforce: FakeSalesforce = fakeSalesforce(TOKEN, VERSION);
  salesforce.records
    .get('Contact')
    ?.push({ Id: '003000000000001', Email: 'jane@acme.example', LastName: 'Doe' });
  salesforce.records
    .get('Account')
    ?.push({ Id: '001000000000001', Name: 'Acme', Website: 'https://www.acme.example' });
  salesforce.records.get('Account')?.push({ Id: '001000000000002', Name: 'Beta', Website: 'beta.example' });
  server = await startLocalServer(salesforce.handle);
  fx = await openCrmFixture();
  await fx.score('user', 'u1', 72, 'hot', true);
  await fx.trait('user', 'u1', 'email', 'jane@acme.example');
  await fx.score('user', 'u2', 15, null);
  await fx.trait('user', 'u2', 'email', 'bob@beta.example');
  await fx.score('account', 'domain:acme.example', 80, 'hot');
  await fx.score('account', 'acct-9', 20, 'warm');
  await fx.trait('account', 'acct-9', 'domain', 'beta.example');
  const config = crmConfigSchema.parse({
    salesforce: {
      instance_url: server.url,
      access_token_env: 'SF_TOKEN',
      api_version: VERSION,
      allow_private_network: true,
      ...extra,
    },
  });
  const state = new SqlCrmState(fx.store.database.client);
  const sleeps: number[] = [];
  const deps = {
    env: { SF_TOKEN: TOKEN },
    now: () => NOW,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  };
  const store = fx.store;
  return {
    salesforce,
    state,
    sleeps,
    fx,
    push: (dryRun = false) => runPush(state, config, deps, { workspaceId: WS, dryRun }),
    pull: () => runPull(state, store, config, deps, { workspaceId: WS }),
  };
}

const only = <R>(results: readonly ({ ok: true; report: R } | { ok: false; error: string })[]): R => {
  const [first] = results;
  if (first === undefined || !first.ok) throw new Error(`failed: ${JSON.stringify(first)}`);
  return first.report;
};

describe('crm push to Salesforce', () => {
  it('creates the custom fields, updates Contacts and Accounts, and writes nothing the second time', async () => {
    const t = await setUp();
    const first = only(await t.push());
    expect(first).toMatchObject({ changed: 4, written: 3, created: 0, unmatched: ['user:u2'], failed: [] });
    expect(first.schema).toContain('Contact.Kindling_Score__c');
    expect(t.salesforce.sync.fields.get('Account')).toContain('Kindling_Definition_Version__c');
    expect(t.salesforce.records.get('Contact')?.[0]).toMatchObject({
      Kindling_Score__c: 72,
      Kindling_Tier__c: 'hot',
      Kindling_Hand_Raiser__c: true,
      Kindling_Reasons__c: 'Visited pricing 3+ times; invites',
    });
    expect(t.salesforce.records.get('Account')?.[1]).toMatchObject({ Kindling_Tier__c: 'warm' });
    const writes = t.salesforce.sync.writes.length;
    const second = only(await t.push());
    expect(second).toMatchObject({ changed: 1, unchanged: 3, written: 0 });
    expect(t.salesforce.sync.writes).toHaveLength(writes);
  });

  it('reports a record Salesforce refused and tries it again next push; creates when configured', async () => {
    const t = await setUp({ create_missing: true, create_fields: false });
    t.salesforce.sync.fields.get('Contact')?.add('Kindling_Score__c'); // the rest are missing
    const first = only(await t.push());
    expect(first.failed.map((f) => f.key).sort()).toEqual([
      'account:acct-9',
      'account:domain:acme.example',
      'user:u1',
      'user:u2',
    ]);
    expect(first.failed[0]?.reason).toMatch(/^INVALID_FIELD: No such column/);
    for (const type of ['Contact', 'Account']) {
      for (const key of [
        'Tier',
        'Fit',
        'Engagement',
        'Hand_Raiser',
        'Reasons',
        'Owner',
        'Definition_Version',
        'Score',
      ]) {
        t.salesforce.sync.fields.get(type)?.add(`Kindling_${key}__c`);
      }
    }
    const second = only(await t.push());
    expect(second).toMatchObject({ changed: 4, written: 4, created: 1, failed: [] });
    expect(t.salesforce.records.get('Contact')?.find((c) => c.Email === 'bob@beta.example')).toMatchObject({
      LastName: 'bob',
      Kindling_Score__c: 15,
    });
  });

  it('waits out a 429 with Retry-After', async () => {
    const t = await setUp();
    t.salesforce.failNext.set('/composite/sobjects', (response) =>
      replyJson(response, 429, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'slow down' }], {
        'retry-after': '3',
      }),
    );
    expect(only(await t.push())).toMatchObject({ written: 3, failed: [] });
    expect(t.sleeps).toContain(3000);
  });
});

describe('crm pull from Salesforce', () => {
  it('reads opportunities by LastModifiedDate into outcomes once', async () => {
    const t = await setUp();
    only(await t.push());
    const opportunities = t.salesforce.records.get('Opportunity') ?? [];
    opportunities.push({
      Id: '006000000000001',
      StageName: 'Closed Won',
      Amount: 5000,
      CloseDate: '2026-03-04',
      CreatedDate: '2026-03-01T00:00:00.000+0000',
      LastModifiedDate: '2026-03-04T10:00:00.000+0000',
      IsClosed: true,
      IsWon: true,
      AccountId: '001000000000001',
      ContactId: '003000000000001',
    });
    opportunities.push({
      Id: '006000000000002',
      StageName: 'Negotiation',
      Amount: 800,
      CloseDate: '2026-04-01',
      CreatedDate: '2026-03-02T00:00:00.000+0000',
      LastModifiedDate: '2026-03-03T10:00:00.000+0000',
      IsClosed: false,
      IsWon: false,
      AccountId: '001000000000002',
      ContactId: null,
    });
    const first = only(await t.pull());
    expect(first).toMatchObject({ deals: 2, added: 5, unmatched: [] });
    const rows = await t.fx.store.database.client.query<{ entity_id: string; type: string }>(
      "SELECT entity_id, type FROM outcomes WHERE source LIKE 'salesforce:deal:%' ORDER BY entity_id, type",
    );
    expect(rows).toEqual([
      { entity_id: 'acct-9', type: 'opportunity' },
      { entity_id: 'domain:acme.example', type: 'opportunity' },
      { entity_id: 'domain:acme.example', type: 'won' },
      { entity_id: 'u1', type: 'opportunity' },
      { entity_id: 'u1', type: 'won' },
    ]);
    expect(only(await t.pull()).added).toBe(0);
  });
});
