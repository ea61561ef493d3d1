import { afterEach, describe, expect, it } from 'vitest';
import {
  type LocalServer,
  replyJson,
  scripted,
  startLocalServer,
} from '../test-support/local-http-server.ts';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { createSlackDestination, slackConfigSchema } from './slack.ts';

const HOOK_PATH = '/services/T000/B000/XXXXsecretXXXX';
let server: LocalServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

function slack(url: string) {
  const config = slackConfigSchema.parse({
    kind: 'slack',
    webhook_url_env: 'SLACK_URL',
    allow_private_network: true, // the receiver listens on 127.0.0.1
  });
  const created = createSlackDestination('sales', config, { env: { SLACK_URL: url } });
  if (!created.ok) throw new Error('config');
  return created.value;
}

describe('slack destination', () => {
  it('posts Block Kit JSON to the incoming webhook', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
    const outcome = await slack(server.url + HOOK_PATH).send(sampleAlert(), {
      idempotencyKey: 'k',
      attempt: 1,
    });
    expect(outcome).toEqual({ kind: 'delivered', status: 200 });
    const body = JSON.parse(server.requests[0]?.body ?? '{}') as { blocks: { type: string }[]; text: string };
    expect(server.requests[0]?.url).toBe(HOOK_PATH);
    expect(body.blocks[0]?.type).toBe('header');
    expect(body.text).toContain('burning (up from hot) · score 82');
  });

  it('maps Slack errors: 429 with Retry-After, 404 channel_not_found is dead, and hides the URL', async () => {
    server = await startLocalServer(
      scripted([
        (res) => replyJson(res, 429, 'rate_limited', { 'retry-after': '1' }),
        (res) => {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end(`channel_not_found ${HOOK_PATH}`);
        },
      ]),
    );
    const destination = slack(server.url + HOOK_PATH);
    expect(await destination.send(sampleAlert(), { idempotencyKey: 'k', attempt: 1 })).toMatchObject({
      kind: 'retry',
      retryAfterMs: 1000,
    });
    const dead = await destination.send(sampleAlert(), { idempotencyKey: 'k', attempt: 2 });
    expect(dead).toMatchObject({ kind: 'dead', status: 404 });
    expect(JSON.stringify(dead)).not.toContain('XXXXsecretXXXX');
  });

  it('paces at one message per second per channel by default, with short bursts', () => {
    expect(slack('https://hooks.slack.com/services/x').rateLimit).toEqual({
      key: 'slack:sales',
      rule: { requests: 1, perMs: 1000, burst: 3 },
      cost: 1,
    });
  });
});
