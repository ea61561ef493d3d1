import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, WRITE_KEY } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.send('/v1/group', { userId: 'ann', groupId: 'acme', traits: { name: 'Acme' } });
});
afterAll(() => server.stop());

describe('POST /api/outcomes', () => {
  it('stores outcomes and reports the entities it has never seen as unmatched', async () => {
    const res = await server.admin('/api/outcomes', {
      method: 'POST',
      body: {
        outcomes: [
          {
            entity_id: 'acme',
            type: 'contacted',
            owner: 'ae@kindling.dev',
            timestamp: '2026-11-01T10:00:00Z',
          },
          { entity_id: 'acme', type: 'won', amount: 12_000 },
          { entity_type: 'user', entity_id: 'ann', type: 'meeting' },
          { entity_id: 'ghost-co', type: 'lost' },
        ],
      },
    });
    expect(res).toEqual({
      status: 201,
      body: { stored: 4, unmatched: [{ entity_type: 'account', entity_id: 'ghost-co' }] },
    });
    const reader = await server.running.store.readConn.runAndReadAll(
      "SELECT entity_id, type, amount, owner FROM outcomes WHERE workspace_id = 'default' ORDER BY seq",
    );
    expect(reader.getRows()).toEqual([
      ['acme', 'contacted', null, 'ae@kindling.dev'],
      ['acme', 'won', 12000, null],
      ['ann', 'meeting', null, null],
      ['ghost-co', 'lost', null, null],
    ]);
  });

  it('accepts a single outcome and refuses bad ones with a code and a hint', async () => {
    expect(
      (
        await server.admin('/api/outcomes', {
          method: 'POST',
          body: { entity_id: 'acme', type: 'opportunity' },
        })
      ).status,
    ).toBe(201);
    const bad = await server.admin('/api/outcomes', {
      method: 'POST',
      body: { entity_id: 'acme', type: 'exploded' },
    });
    expect(bad.body).toMatchObject({
      error: { code: 'invalid-outcome', hint: expect.stringContaining('won') },
    });
    const badTime = await server.admin('/api/outcomes', {
      method: 'POST',
      body: { entity_id: 'acme', type: 'won', timestamp: 'last week' },
    });
    expect(badTime.body).toMatchObject({ error: { code: 'invalid-timestamp' } });
    expect((await server.admin('/api/outcomes', { method: 'POST', key: WRITE_KEY, body: {} })).status).toBe(
      403,
    );
  });
});
