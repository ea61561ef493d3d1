/** The versions and funnel admin API on a real server: admin key only, validation, change events. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type VersionChange, versionChanges } from '../../src/versions/index.ts';
import { startTestServer, type TestServer, WRITE_KEY } from '../support/test-server.ts';
import { USAGE_YAML } from './fixture-store.ts';

let server: TestServer;
const heard: VersionChange[] = [];
let stop: () => void;

beforeAll(async () => {
  server = await startTestServer();
  stop = versionChanges.subscribe((change) => heard.push(change));
});
afterAll(async () => {
  stop();
  await server.stop();
});

test('activate a source, shadow another, list, roll back; every change is announced', async () => {
  const refused = await server.admin('/api/versions/activate', {
    method: 'POST',
    body: { source: USAGE_YAML.replace('at_least: 3', 'at_least: lots') },
  });
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({
    error: { code: 'invalid-definition' },
    problems: [expect.stringMatching(/^kindling\.yml:\d+:\d+/)],
  });

  const live = await server.admin('/api/versions/activate', {
    method: 'POST',
    body: { source: USAGE_YAML, note: 'first' },
  });
  expect(live.status).toBe(200);
  const first = (live.body as { live: string }).live;
  const shadow = await server.admin('/api/versions/activate', {
    method: 'POST',
    body: { source: USAGE_YAML.replace('warm: 10', 'warm: 20'), role: 'shadow' },
  });
  const second = (shadow.body as { shadow: string }).shadow;
  expect(second).not.toBe(first);

  const listed = await server.admin('/api/versions');
  expect(listed.body).toMatchObject({ live: first, shadow: second });
  expect((listed.body as { versions: unknown[] }).versions).toHaveLength(2);

  expect((await server.admin('/api/versions/rollback', { method: 'POST' })).status).toBe(409);
  await server.admin('/api/versions/activate', { method: 'POST', body: { version: second.slice(0, 8) } });
  const back = await server.admin('/api/versions/rollback', { method: 'POST' });
  expect(back.body).toMatchObject({ from: second, to: first });
  const off = await server.admin('/api/versions/activate', {
    method: 'POST',
    body: { role: 'shadow', off: true },
  });
  expect(off.body).toMatchObject({ live: first, shadow: null });

  expect(heard.map((c) => [c.role, c.version])).toEqual([
    ['live', first],
    ['shadow', second],
    ['live', second],
    ['shadow', null],
    ['live', first],
    ['shadow', null],
  ]);
  expect((await server.admin('/api/versions', { key: WRITE_KEY })).status).toBe(403);
});

test('GET /api/metrics/funnel: the workspace funnel for a period; a bad period is a 400', async () => {
  const reply = await server.admin(
    '/api/metrics/funnel?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z&compare_shadow=true',
  );
  expect(reply.status).toBe(200);
  expect(reply.body).toMatchObject({
    entityType: 'user',
    totals: { pqls: 0, signups: 0 },
    shadow: { both: 0 },
  });
  expect(
    (await server.admin('/api/metrics/funnel?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z')).status,
  ).toBe(400);
  expect((await server.admin('/api/metrics/funnel', { key: WRITE_KEY })).status).toBe(403);
});

test('GET /api/metrics/funnel without a period: the span of the workspace data, as kindling report', async () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const own = await startTestServer({ now: () => now });
  try {
    // No data yet: the 90 days up to now.
    expect((await own.admin('/api/metrics/funnel')).body).toMatchObject({
      from: '2026-03-03T00:00:00.000Z',
      to: '2026-06-01T00:00:00.000Z',
    });
    const track = (userId: string, timestamp: string) => ({
      type: 'track',
      event: 'Signed Up',
      userId,
      timestamp,
    });
    const sent = await own.send('/v1/batch', {
      batch: [track('u1', '2025-03-05T10:00:00Z'), track('u2', '2025-03-20T12:00:00Z')],
    });
    expect(sent.status).toBe(200);
    expect((await own.admin('/api/metrics/funnel?entity=user')).body).toMatchObject({
      from: '2025-03-05T10:00:00.000Z',
      to: '2025-03-20T12:00:00.001Z',
      totals: { signups: 2 },
    });
    // One end given: the other is the data's.
    expect((await own.admin('/api/metrics/funnel?entity=user&from=2025-03-10T00:00:00Z')).body).toMatchObject(
      {
        from: '2025-03-10T00:00:00.000Z',
        to: '2025-03-20T12:00:00.001Z',
        totals: { signups: 1 },
      },
    );
    expect((await own.admin('/api/metrics/funnel?to=2025-03-10T00:00:00Z')).body).toMatchObject({
      from: '2025-03-05T10:00:00.000Z',
      to: '2025-03-10T00:00:00.000Z',
    });
    expect((await own.admin('/api/metrics/funnel?from=2025-04-01T00:00:00Z')).status).toBe(400);
  } finally {
    await own.stop();
  }
});
