/** The official Segment Node SDK, pointed at Kindling by changing only its host, delivers as it would to Segment. */
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, WRITE_KEY } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('@segment/analytics-node against Kindling', () => {
  it('stores identify, group, track and page calls with the right identity', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: server.url, flushAt: 3, maxRetries: 1 });
    const failures: unknown[] = [];
    analytics.on('error', (error) => failures.push(error));
    analytics.page({ anonymousId: 'anon-7', name: 'Pricing', properties: { path: '/pricing' } });
    analytics.identify({
      anonymousId: 'anon-7',
      userId: 'user-7',
      traits: { email: 'seven@acme.io', role: 'admin' },
    });
    analytics.group({ userId: 'user-7', groupId: 'acme-io', traits: { company_size: 250 } });
    analytics.track({
      userId: 'user-7',
      event: 'Teammate Invited',
      properties: { role: 'editor' },
      context: { groupId: 'acme-io' },
    });
    analytics.track({ userId: 'user-7', event: 'Teammate Invited', properties: { role: 'viewer' } });
    await analytics.closeAndFlush({ timeout: 60_000 });
    expect(failures).toEqual([]);

    const user = (await server.admin('/api/entities/user/user-7')).body;
    expect(user).toMatchObject({
      identity: { linkedIds: [{ fromId: 'anon-7', userId: 'user-7' }], accounts: [{ groupId: 'acme-io' }] },
      traits: { email: 'seven@acme.io', role: 'admin' },
      // The anonymous page view belongs to the user once identify links the ids.
      eventCounts: { 'Teammate Invited': 2, $page: 1 },
    });
    const account = (await server.admin('/api/entities/account/acme-io')).body;
    expect(account).toMatchObject({
      traits: { company_size: 250 },
      eventCounts: { 'Teammate Invited': 2, $page: 1 },
    });
    const stats = (await server.admin('/api/stats')).body;
    expect(stats).toMatchObject({ events: { stored: 5 }, rejected: { total: 0 } });
  });
});
