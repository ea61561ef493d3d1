import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type TestServer, WRITE_KEY } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

type Stats = {
  events: { stored: number; byType: Record<string, number> };
  rejected: { byReason: Record<string, number> };
};
const stats = async () => (await server.admin('/api/stats')).body as Stats;

describe('collection API', () => {
  it('stores a track call and shows it through the admin API', async () => {
    const res = await server.send('/v1/track', {
      userId: 'ann',
      event: 'Signed Up',
      properties: { plan: 'free' },
    });
    expect(res).toEqual({ status: 200, body: { success: true } });
    const entity = await server.admin('/api/entities/user/ann');
    expect(entity.status).toBe(200);
    expect(entity.body).toMatchObject({ eventCounts: { 'Signed Up': 1 } });
  });

  it('accepts the write key in the body, as Segment does', async () => {
    const res = await fetch(`${server.url}/v1/identify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ writeKey: WRITE_KEY, userId: 'bob', traits: { email: 'bob@acme.com' } }),
    });
    expect(res.status).toBe(200);
    const entity = (await server.admin('/api/entities/user/bob')).body as { traits: Record<string, unknown> };
    expect(entity.traits).toEqual({ email: 'bob@acme.com' });
  });

  it('stores the valid events of a batch and lists the rejected ones by index', async () => {
    const before = await stats();
    const res = await server.send('/v1/batch', {
      batch: [
        { type: 'track', userId: 'cat', event: 'Project Created', messageId: 'b-1' },
        { type: 'track', event: 'No Identity' },
        { type: 'group', userId: 'cat', groupId: 'acme', traits: { company_size: 120 } },
        { type: 'weird', userId: 'cat' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      stored: 2,
      rejected: [
        { index: 1, code: 'missing-identity' },
        { index: 3, code: 'unknown-type' },
      ],
    });
    const after = await stats();
    expect(after.events.stored - before.events.stored).toBe(2);
    expect(
      (after.rejected.byReason['missing-identity'] ?? 0) -
        (before.rejected.byReason['missing-identity'] ?? 0),
    ).toBe(1);
    const account = (await server.admin('/api/entities/account/acme')).body;
    expect(account).toMatchObject({
      traits: { company_size: 120 },
      identity: { members: [{ userKey: 'cat' }] },
    });
  });

  it('acknowledges a repeated messageId without storing it twice', async () => {
    const event = { type: 'track', userId: 'dan', event: 'Logged In', messageId: 'dup-1' };
    await server.send('/v1/batch', { batch: [event, event] });
    const again = await server.send('/v1/batch', { batch: [event] });
    expect(again.body).toMatchObject({ stored: 0, duplicates: 1 });
    const entity = (await server.admin('/api/entities/user/dan')).body as {
      eventCounts: Record<string, number>;
    };
    expect(entity.eventCounts['Logged In']).toBe(1);
  });

  it('refuses requests over the Segment limits with a 400 naming the limit', async () => {
    const big = { userId: 'u', event: 'x', properties: { blob: 'x'.repeat(33 * 1024) } };
    const single = await server.send('/v1/track', big);
    expect(single.status).toBe(400);
    expect(JSON.stringify(single.body)).toContain('32 KB');
    const many = await server.send('/v1/batch', { batch: Array.from({ length: 2501 }, () => ({})) });
    expect(many.body).toMatchObject({ error: { code: 'batch-too-many-events' } });
    const huge = await server.send('/v1/batch', {
      batch: [{ userId: 'u', event: 'x', properties: { b: 'y'.repeat(520_000) } }],
    });
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body)).toContain('500 KB');
  });

  it('answers bad input with a 4xx and a code', async () => {
    expect((await server.send('/v1/track', '{"userId":')).body).toMatchObject({
      error: { code: 'invalid-json' },
    });
    expect((await server.send('/v1/track', { event: 'x' })).body).toMatchObject({
      error: { code: 'missing-identity' },
    });
    const form = await fetch(`${server.url}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${WRITE_KEY}` },
      body: 'userId=u',
    });
    expect(form.status).toBe(415);
    expect((await server.send('/v1/track', { userId: 'u', event: 'x' }, 'kw_wrong')).status).toBe(401);
  });

  it('keeps the admin API to admin keys of the same workspace', async () => {
    expect((await server.admin('/api/stats', { key: WRITE_KEY })).status).toBe(403);
    expect((await server.admin('/api/stats', { key: 'ka_nope' })).status).toBe(401);
    await server.running.store.keys.ensureWorkspace('other', 'Other');
    const other = await server.running.store.keys.createKey({
      workspaceId: 'other',
      kind: 'admin',
      label: null,
      key: null,
    });
    const otherStats = (await server.admin('/api/stats', { key: other.key })).body as Stats;
    expect(otherStats.events.stored).toBe(0);
    expect((await server.admin('/api/entities/user/ann', { key: other.key })).status).toBe(404);
    expect((await server.admin('/api/entities/user/ann', { key: ADMIN_KEY })).status).toBe(200);
  });

  it('creates and revokes keys through the admin API; a revoked key stops working', async () => {
    const created = (
      await server.admin('/api/keys', { method: 'POST', body: { kind: 'write', label: 'ci' } })
    ).body as {
      key: string;
      record: { id: string };
    };
    expect((await server.send('/v1/track', { userId: 'e', event: 'x' }, created.key)).status).toBe(200);
    const revoked = await server.admin(`/api/keys/${created.record.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect((await server.send('/v1/track', { userId: 'e', event: 'x' }, created.key)).status).toBe(401);
    const listed = (await server.admin('/api/keys')).body as { keys: { prefix: string }[] };
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it('answers /health', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
