/**
 * The most common Segment traffic: hundreds of users sending plain `track`/`page` calls with no
 * `context.groupId`, scored by a user-level definition. A pass that touches a few of them scores
 * their slice (no accounts at all), and must qualify in that pass, naming the trigger, with no
 * failed pass (issue 11, defect 1: the empty account list once failed every pass).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';
import { PRICING_PQL_YAML, pageView, plainTrackBatch } from '../support/users-without-accounts.ts';

const USERS = 200;
const SECRET = `whsec_${Buffer.from('users-without-accounts-key-32b!!').toString('base64')}`;
const dir = tempDir();
let hook: LocalServer;
let server: TestServer;

beforeAll(async () => {
  hook = await startLocalServer((_request, response) => response.writeHead(204).end());
  process.env.NO_ACCOUNTS_HOOK_URL = `${hook.url}/kindling`;
  process.env.NO_ACCOUNTS_HOOK_SECRET = SECRET;
  const definition = join(dir.path, 'kindling.yml');
  writeFileSync(
    definition,
    `${PRICING_PQL_YAML}
destinations:
  crm-hook: { kind: webhook, url_env: NO_ACCOUNTS_HOOK_URL, secret_env: NO_ACCOUNTS_HOOK_SECRET, allow_private_network: true }
`,
  );
  server = await startTestServer({ definition });
  const reply = await server.send('/v1/batch', plainTrackBatch(USERS, 'bg'));
  expect(reply.status).toBe(200);
  await server.running.realtime.engine.settle();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await hook?.close();
  dir.remove();
});

describe('user-level events without a groupId', () => {
  it('qualifies a user of hundreds from their slice, names the trigger, and no pass fails', async () => {
    const engine = server.running.realtime.engine;
    for (const n of [1, 2]) {
      expect((await server.send('/v1/batch', { batch: [pageView('bg-7', `pricing-${n}`)] })).status).toBe(
        200,
      );
      await engine.settle();
    }
    await until(() => hook.requests.length > 0, 'the alert');
    expect(engine.stats.failures).toBe(0);
    const alert = JSON.parse(hook.requests[0]?.body ?? '{}') as {
      data?: { entityId?: string; triggeringEvent?: { event?: string } | null };
    };
    expect(alert.data?.entityId).toBe('bg-7');
    // Only the event's own pass knows the trigger; the minute sweep that used to catch up names none.
    expect(alert.data?.triggeringEvent?.event).toBe('$page');
    expect(hook.requests).toHaveLength(1);
  }, 90_000);
});
