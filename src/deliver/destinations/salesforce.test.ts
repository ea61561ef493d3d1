import { afterEach, describe, expect, it } from 'vitest';
import { fakeSalesforce } from '../test-support/fake-salesforce.ts';
import { type LocalServer, replyJson, startLocalServer } from '../test-support/local-http-server.ts';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { createSalesforceDestination, salesforceConfigSchema } from './salesforce.ts';

const TOKEN = '00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoXr';
let server: LocalServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function setUp(overrides: Record<string, unknown> = {}) {
  const org = fakeSalesforce(TOKEN, '62.0');
  server = await startLocalServer(org.handle);
  const config = salesforceConfigSchema.parse({
    kind: 'salesforce',
    instance_url: server.url,
    access_token_env: 'SF_TOKEN',
    timeout_ms: 30_000,
    allow_private_network: true, // the fake org listens on 127.0.0.1
    ...overrides,
  });
  const created = createSalesforceDestination('sfdc', config, { env: { SF_TOKEN: TOKEN } });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return { org, salesforce: created.value, requests: server.requests };
}

describe('salesforce destination', () => {
  it('updates the Contact found by e-mail and creates a Task for the owner due at the SLA', async () => {
    const { org, salesforce, requests } = await setUp();
    org.records.get('Contact')?.push({ Id: '003000000000077', Email: 'ada@analytical.example' });
    const outcome = await salesforce.send(sampleAlert(), { idempotencyKey: 'q_01HZX3:sfdc', attempt: 1 });
    expect(outcome).toEqual({
      kind: 'delivered',
      status: 200,
      response: { objectType: 'Contact', id: '003000000000077', taskId: '00T000000000001' },
    });
    expect(org.records.get('Contact')?.[0]).toMatchObject({
      Kindling_PQL_Score__c: 82,
      Kindling_PQL_Tier__c: 'burning',
    });
    expect(org.records.get('Task')?.[0]).toMatchObject({
      WhoId: '003000000000077',
      OwnerId: '005000000000001',
      ActivityDate: '2024-05-01',
      ReminderDateTime: '2024-05-01T16:00:00.000Z',
      Status: 'Not Started',
    });
    expect(requests.every((r) => r.headers['idempotency-key'] === 'q_01HZX3:sfdc')).toBe(true);
    expect(requests.every((r) => r.url.startsWith('/services/data/v62.0/'))).toBe(true);
  });

  it('creates a Lead when nobody has the e-mail, and upserts the Task by key so retries do not duplicate it', async () => {
    const { org, salesforce } = await setUp({ task_key_field: 'Kindling_Key__c' });
    const alert = sampleAlert({ email: "o'brien@analytical.example" });
    const first = await salesforce.send(alert, { idempotencyKey: 'q_01HZX3:sfdc', attempt: 1 });
    expect(first).toMatchObject({
      kind: 'delivered',
      response: { objectType: 'Lead', id: '00Q000000000001' },
    });
    expect(org.records.get('Lead')?.[0]).toMatchObject({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Company: 'Analytical Engines',
      Email: "o'brien@analytical.example",
    });
    await salesforce.send(alert, { idempotencyKey: 'q_01HZX3:sfdc', attempt: 2 });
    expect(org.records.get('Lead')).toHaveLength(1);
    expect(org.records.get('Task')).toHaveLength(1);
    expect(org.records.get('Task')?.[0]?.Kindling_Key__c).toBe('q_01HZX3:sfdc');
  });

  it('retries 503 and a daily-limit 403, dead-letters a bad field, and never shows the token', async () => {
    const { org, salesforce } = await setUp();
    org.failNext.set('/query', (res) =>
      replyJson(res, 503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }], { 'retry-after': '2' }),
    );
    const unavailable = await salesforce.send(sampleAlert(), { idempotencyKey: 'k', attempt: 1 });
    expect(unavailable).toMatchObject({ kind: 'retry', status: 503, retryAfterMs: 2000 });
    org.failNext.set('/query', (res) =>
      replyJson(res, 403, [
        { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
      ]),
    );
    expect(await salesforce.send(sampleAlert(), { idempotencyKey: 'k', attempt: 2 })).toMatchObject({
      kind: 'retry',
      status: 403,
    });
    org.failNext.set('/sobjects/Lead', (res) =>
      replyJson(res, 400, [
        { errorCode: 'INVALID_FIELD', message: `No such column 'Kindling_PQL_Score__c' ${TOKEN}` },
      ]),
    );
    const dead = await salesforce.send(sampleAlert(), { idempotencyKey: 'k', attempt: 3 });
    expect(dead).toMatchObject({ kind: 'dead', status: 400 });
    for (const outcome of [unavailable, dead]) expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it('gives up on a hanging instance after the timeout', async () => {
    const { org, salesforce } = await setUp({ timeout_ms: 200 });
    org.failNext.set('/query', () => {});
    const outcome = await salesforce.send(sampleAlert(), { idempotencyKey: 'k', attempt: 1 });
    expect(outcome).toMatchObject({ kind: 'retry', status: null });
  });

  it('cannot deliver an alert without an e-mail', async () => {
    const { salesforce, requests } = await setUp();
    expect(
      await salesforce.send(sampleAlert({ email: null }), { idempotencyKey: 'k', attempt: 1 }),
    ).toMatchObject({
      kind: 'dead',
      status: null,
    });
    expect(requests).toHaveLength(0);
  });
});
