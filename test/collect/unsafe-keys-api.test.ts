/**
 * Issue 15, item 7: keys named __proto__, constructor or prototype are not dropped silently. The
 * event is stored without them, the reply names each removed key, and they are counted per
 * workspace (GET /api/stats, reason unsafe-key-dropped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(() => server?.stop());

interface Stats {
  events: { stored: number };
  rejected: { byReason: Record<string, number> };
}

describe('unsafe keys', () => {
  it('stores the event without them, names them in the reply and counts them', async () => {
    const body =
      '{"batch":[' +
      '{"type":"track","messageId":"p1","userId":"u1","event":"Viewed","properties":{"__proto__":{"isAdmin":true},"page":"home"}},' +
      '{"type":"identify","messageId":"p2","userId":"u1","traits":{"constructor":"x","plan":"pro","nested":{"prototype":1}}},' +
      '{"type":"track","messageId":"p3","userId":"u1","event":"Clean","properties":{"a":1}}' +
      ']}';
    const reply = await server.send('/v1/batch', body);
    expect(reply).toEqual({
      status: 200,
      body: {
        success: true,
        stored: 3,
        duplicates: 0,
        rejected: [],
        dropped: [
          { index: 0, keys: ['properties.__proto__'] },
          { index: 1, keys: ['traits.constructor', 'traits.nested.prototype'] },
        ],
      },
    });
    const single = await server.send('/v1/track', {
      messageId: 'p4',
      userId: 'u1',
      event: 'Single',
      properties: JSON.parse('{"__proto__":1,"ok":2}'),
    });
    expect(single.body).toEqual({
      success: true,
      dropped: [{ index: null, keys: ['properties.__proto__'] }],
    });

    const stats = (await server.admin('/api/stats')).body as Stats;
    expect(stats.events.stored).toBe(4);
    expect(stats.rejected.byReason['unsafe-key-dropped']).toBe(3);
    const user = (await server.admin('/api/entities/user/u1')).body as { traits: Record<string, unknown> };
    expect(Object.keys(user.traits)).toContain('plan');
    expect(Object.keys(user.traits)).not.toContain('constructor');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
