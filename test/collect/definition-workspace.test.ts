/**
 * Issue 15, item 3 (b): the server's definition file applies to the one workspace it is configured
 * for (`--definition-workspace`). Here that is `acme`: acme is scored and alerted with the file; the
 * default workspace, which has no version of its own, is not scored at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burningBatch } from '../support/burning-account.ts';
import type { TestServer } from '../support/test-server.ts';
import { startWebhookServer, type WebhookServer, workspaceKeys } from '../support/webhook-definition.ts';

let running: WebhookServer;
let server: TestServer;
let acmeAdmin = '';
let acmeWrite = '';

beforeAll(async () => {
  running = await startWebhookServer({ destination: 'acme-hook', definitionWorkspace: 'acme' });
  server = running.server;
  ({ admin: acmeAdmin, write: acmeWrite } = await workspaceKeys(server, 'acme'));
}, 60_000);

afterAll(() => running?.stop());

describe('--definition-workspace', () => {
  it('scores and alerts the named workspace with the file, and leaves the default one alone', async () => {
    expect((await server.send('/v1/batch', burningBatch('acct-default'))).status).toBe(200);
    expect((await server.send('/v1/batch', burningBatch('acct-acme'), acmeWrite)).status).toBe(200);
    await server.running.realtime.engine.settle();

    const acmeVersions = (await server.admin('/api/versions', { key: acmeAdmin })).body as {
      live: string | null;
    };
    expect(acmeVersions.live).toMatch(/^[0-9a-f]{12}$/);
    const acmeLeads = (await server.admin('/api/leads', { key: acmeAdmin })).body as {
      leads: { entityId: string }[];
    };
    expect(acmeLeads.leads.map((l) => l.entityId)).toEqual(['acct-acme']);
    const acmeDeliveries = (await server.admin('/api/deliveries', { key: acmeAdmin })).body as {
      deliveries: { destination: string }[];
    };
    expect(acmeDeliveries.deliveries.map((d) => d.destination)).toContain('acme-hook');

    expect((await server.admin('/api/versions')).body).toMatchObject({ live: null, versions: [] });
    expect((await server.admin('/api/leads')).body).toMatchObject({ leads: [] });
    expect((await server.admin('/api/deliveries')).body).toMatchObject({ deliveries: [] });
    expect((await server.admin('/api/definition')).status).toBe(404);
    expect((await server.admin('/api/scores')).status).toBe(409);
  });
});
