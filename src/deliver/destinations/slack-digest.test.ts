import { afterEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../test-support/local-http-server.ts';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { createSlackDestination, slackConfigSchema } from './slack.ts';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('slack digests', () => {
  it('post many alerts as one message to the incoming webhook', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
    const config = slackConfigSchema.parse({
      kind: 'slack',
      webhook_url_env: 'SLACK_URL',
      allow_private_network: true, // the receiver listens on 127.0.0.1
    });
    const created = createSlackDestination('feed', config, {
      env: { SLACK_URL: `${server.url}/services/T/B/x` },
      now: () => Date.UTC(2026, 11, 7, 7, 30),
    });
    if (!created.ok) throw new Error('config');
    const ctx = { idempotencyKey: 'digest:q1:3', attempt: 1 };
    const alerts = [sampleAlert({ id: 'q1' }), sampleAlert({ id: 'q2' }), sampleAlert({ id: 'q3' })];
    expect(await created.value.sendDigest(alerts, ctx)).toEqual({ kind: 'delivered', status: 200 });
    expect(server.requests).toHaveLength(1);
    const body = JSON.parse(server.requests[0]?.body ?? '{}') as { text: string };
    expect(body.text).toContain('PQL digest for 2026-12-07: 3 leads');
    expect((await created.value.sendDigest([], ctx)).kind).toBe('dead');
  });
});
