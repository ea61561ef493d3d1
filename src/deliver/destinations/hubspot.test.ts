import { afterEach, describe, expect, it } from 'vitest';
import { fakeHubspot } from '../test-support/fake-hubspot.ts';
import { type LocalServer, replyJson, startLocalServer } from '../test-support/local-http-server.ts';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { createHubspotDestination, hubspotConfigSchema } from './hubspot.ts';

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
let server: LocalServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function setUp(timeoutMs = 30_000) {
  const crm = fakeHubspot(TOKEN);
  server = await startLocalServer(crm.handle);
  const config = hubspotConfigSchema.parse({
    kind: 'hubspot',
    token_env: 'HUBSPOT_TOKEN',
    base_path: server.url,
    timeout_ms: timeoutMs,
    allow_private_network: true, // the fake HubSpot listens on 127.0.0.1
  });
  const created = createHubspotDestination('crm', config, { env: { HUBSPOT_TOKEN: TOKEN } });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return { crm, hubspot: created.value, requests: server.requests };
}

describe('hubspot destination', () => {
  it('writes score, tier and signals to the contact and company and creates a task due at the SLA', async () => {
    const { crm, hubspot, requests } = await setUp();
    const outcome = await hubspot.send(sampleAlert(), { idempotencyKey: 'q_01HZX3:crm', attempt: 1 });
    expect(outcome).toEqual({
      kind: 'delivered',
      status: 200,
      response: { contactId: '501', companyId: '901', taskId: '3001' },
    });
    const contact = crm.contacts.get('ada@analytical.example');
    expect(contact?.properties).toMatchObject({ kindling_pql_score: '82', kindling_pql_tier: 'burning' });
    expect(contact?.properties.kindling_pql_signals).toContain('Teammate Invited ×5 in the last 7 days');
    expect(crm.companies.get('analytical.example')?.properties.kindling_pql_score).toBe('82');
    const [task] = crm.tasks;
    expect(task?.properties).toMatchObject({
      hs_timestamp: '2024-05-01T16:00:00.000Z',
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: 'HIGH',
      hubspot_owner_id: '77',
    });
    expect(task?.properties.hs_task_subject).toContain('Personal e-mail within 4 hours: Ada Lovelace');
    expect(task?.associations).toEqual([
      { to: { id: '501' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
      { to: { id: '901' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }] },
    ]);
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(Array(5).fill('q_01HZX3:crm'));
    expect(requests.map((r) => r.headers.connection)).toEqual(Array(5).fill('close'));
  });

  it('turns a 429 with Retry-After into a retry, and a 400 into a dead letter, without the token', async () => {
    const { crm, hubspot } = await setUp();
    crm.failNext.set('/crm/v3/objects/contacts', (res) =>
      replyJson(
        res,
        429,
        {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          policyName: 'TEN_SECONDLY_ROLLING',
        },
        { 'retry-after': '2' },
      ),
    );
    const limited = await hubspot.send(sampleAlert(), { idempotencyKey: 'k', attempt: 1 });
    expect(limited).toMatchObject({ kind: 'retry', status: 429, retryAfterMs: 2000 });
    crm.failNext.set('/crm/v3/objects/contacts', (res) =>
      replyJson(res, 400, {
        status: 'error',
        message: `Property "kindling_pql_score" does not exist (${TOKEN})`,
        category: 'VALIDATION_ERROR',
      }),
    );
    const dead = await hubspot.send(sampleAlert(), { idempotencyKey: 'k', attempt: 2 });
    expect(dead).toMatchObject({ kind: 'dead', status: 400 });
    for (const outcome of [limited, dead]) expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it('after a lost task response, the retry finds the task instead of creating a second one', async () => {
    const { crm, hubspot } = await setUp(300);
    crm.failNext.set('after-task-created', () => {});
    const first = await hubspot.send(sampleAlert(), { idempotencyKey: 'q_01HZX3:crm', attempt: 1 });
    expect(first).toMatchObject({ kind: 'retry', status: null, detail: 'timed out after 300 ms' });
    const second = await hubspot.send(sampleAlert(), { idempotencyKey: 'q_01HZX3:crm', attempt: 2 });
    expect(second).toMatchObject({ kind: 'delivered', response: { taskId: '3001' } });
    expect(crm.tasks).toHaveLength(1);
  });

  it('retries a 500 and then delivers', async () => {
    const { crm, hubspot } = await setUp();
    crm.failNext.set('/crm/v3/objects/companies', (res) =>
      replyJson(res, 503, { status: 'error', message: 'unavailable' }),
    );
    expect(await hubspot.send(sampleAlert(), { idempotencyKey: 'k', attempt: 1 })).toMatchObject({
      kind: 'retry',
      status: 503,
    });
    expect(await hubspot.send(sampleAlert(), { idempotencyKey: 'k', attempt: 2 })).toMatchObject({
      kind: 'delivered',
    });
  });

  it('declares its request budget against 100 requests per 10 s', async () => {
    const { hubspot } = await setUp();
    expect(hubspot.rateLimit).toEqual({
      key: 'hubspot:crm',
      rule: { requests: 100, perMs: 10_000 },
      cost: 6,
    });
  });
});
