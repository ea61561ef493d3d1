import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DeliveryOutcome } from '../outcome.ts';
import {
  type LocalServer,
  replyJson,
  scripted,
  startLocalServer,
} from '../test-support/local-http-server.ts';
import { sampleAlert, sampleNotice } from '../test-support/sample-alert.ts';
import { createWebhookDestination, webhookConfigSchema } from './webhook.ts';

const SECRET = `whsec_${Buffer.from('a-very-secret-signing-key-32byte').toString('base64')}`;
const URL_PATH = '/hooks/tok_live_98765';
let server: LocalServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

function destination(url: string, timeoutMs?: number) {
  const config = webhookConfigSchema.parse({
    kind: 'webhook',
    url_env: 'HOOK_URL',
    secret_env: 'HOOK_SECRET',
    allow_private_network: true, // the receiver listens on 127.0.0.1
    ...(timeoutMs === undefined ? {} : { timeout_ms: timeoutMs }),
  });
  const created = createWebhookDestination('crm-sync', config, {
    env: { HOOK_URL: url, HOOK_SECRET: SECRET },
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

const ctx = (attempt: number) => ({ idempotencyKey: 'q_01HZX3:crm-sync', attempt });

function assertNoSecrets(outcome: DeliveryOutcome) {
  const text = JSON.stringify(outcome);
  for (const secret of ['tok_live_98765', SECRET, SECRET.slice(6)]) expect(text).not.toContain(secret);
}

describe('webhook destination', () => {
  it('delivers a payload that a Standard Webhooks receiver verifies and the JSON Schema accepts', async () => {
    const receiver = new Webhook(SECRET);
    const verified: unknown[] = [];
    server = await startLocalServer((request, response) => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
      );
      try {
        verified.push(receiver.verify(request.body, headers));
        replyJson(response, 200, { ok: true });
      } catch {
        replyJson(response, 401, { error: 'bad signature' });
      }
    });
    const outcome = await destination(server.url + URL_PATH).send(sampleAlert(), ctx(1));
    expect(outcome).toEqual({ kind: 'delivered', status: 200 });
    const [request] = server.requests;
    expect(request?.headers['webhook-id']).toBe('q_01HZX3:crm-sync');
    expect(request?.headers['idempotency-key']).toBe('q_01HZX3:crm-sync');
    expect(request?.headers['kindling-attempt']).toBe('1');
    const schema = z.fromJSONSchema(
      JSON.parse(
        readFileSync(
          fileURLToPath(new URL('../../../schemas/alert-webhook.schema.json', import.meta.url)),
          'utf8',
        ),
      ),
    );
    expect(verified).toHaveLength(1);
    expect(schema.safeParse(verified[0]).success).toBe(true);
  });

  it('a tampered body fails verification', async () => {
    server = await startLocalServer((_request, response) => replyJson(response, 200, {}));
    await destination(server.url).send(sampleAlert(), ctx(1));
    const request = server.requests[0];
    const headers = Object.fromEntries(
      Object.entries(request?.headers ?? {}).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
    );
    expect(() => new Webhook(SECRET).verify((request?.body ?? '').replace('82', '83'), headers)).toThrow();
  });

  it('retries a 500, then delivers, keeping the id and body across attempts', async () => {
    server = await startLocalServer(
      scripted([(res) => replyJson(res, 500, { error: 'boom' }), (res) => replyJson(res, 204, undefined)]),
    );
    const hook = destination(server.url + URL_PATH);
    const first = await hook.send(sampleAlert(), ctx(1));
    expect(first).toMatchObject({ kind: 'retry', status: 500, retryAfterMs: null });
    expect(await hook.send(sampleAlert(), ctx(2))).toEqual({ kind: 'delivered', status: 204 });
    const [a, b] = server.requests;
    expect(a?.headers['webhook-id']).toBe(b?.headers['webhook-id']);
    expect(a?.body).toBe(b?.body);
    expect(b?.headers['kindling-attempt']).toBe('2');
    assertNoSecrets(first);
  });

  it('honours a 429 Retry-After and dead-letters a 400', async () => {
    server = await startLocalServer(
      scripted([
        (res) => replyJson(res, 429, { error: 'slow down' }, { 'retry-after': '2' }),
        (res) => replyJson(res, 400, { error: `bad request to ${URL_PATH}` }),
      ]),
    );
    const hook = destination(server.url + URL_PATH);
    expect(await hook.send(sampleAlert(), ctx(1))).toMatchObject({
      kind: 'retry',
      status: 429,
      retryAfterMs: 2000,
    });
    const dead = await hook.send(sampleAlert(), ctx(2));
    expect(dead).toMatchObject({ kind: 'dead', status: 400 });
    assertNoSecrets(dead);
  });

  it('gives up on a hanging server after the timeout, as a retry', async () => {
    server = await startLocalServer(() => {});
    const outcome = await destination(server.url + URL_PATH, 150).send(sampleAlert(), ctx(1));
    expect(outcome).toEqual({
      kind: 'retry',
      status: null,
      retryAfterMs: null,
      detail: 'timed out after 150 ms',
    });
  });

  it('sends a delivery failure notice signed like an alert, with its own event type', async () => {
    const receiver = new Webhook(SECRET);
    let verified: unknown = null;
    server = await startLocalServer((request, response) => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
      );
      verified = receiver.verify(request.body, headers);
      replyJson(response, 200, { ok: true });
    });
    const hook = destination(server.url + URL_PATH);
    if (!('sendNotice' in hook)) throw new Error('a webhook sends notices');
    const notice = sampleNotice();
    const outcome = await hook.sendNotice(notice, { idempotencyKey: notice.id, attempt: 1 });
    expect(outcome.kind).toBe('delivered');
    expect(server.requests[0]?.headers['webhook-id']).toBe('inc_1:failing');
    expect(verified).toMatchObject({ type: 'delivery.failing', data: notice });
  });

  it('reports a refused connection as a retry without the URL', async () => {
    const outcome = await destination(`http://127.0.0.1:1${URL_PATH}`).send(sampleAlert(), ctx(1));
    expect(outcome).toMatchObject({ kind: 'retry', status: null });
    assertNoSecrets(outcome);
  });

  it('refuses configuration with a missing variable or a malformed secret, naming neither value', () => {
    const config = webhookConfigSchema.parse({
      kind: 'webhook',
      url_env: 'HOOK_URL',
      secret_env: 'HOOK_SECRET',
    });
    const created = createWebhookDestination('x', config, { env: { HOOK_SECRET: 'not-a-whsec-secret' } });
    expect(created.ok).toBe(false);
    const text = JSON.stringify(created.ok ? null : created.error);
    expect(text).toContain('HOOK_URL is not set');
    expect(text).toContain('HOOK_SECRET must start with whsec_');
    expect(text).not.toContain('not-a-whsec-secret');
  });
});
