/**
 * Property-based fuzzing of the collector: 3,000 random and mutated payloads (a fixed seed; 120 runs
 * of 25 concurrent requests). Whatever arrives,
 * the server answers below 500, keeps answering /health, and stores every valid event it was sent.
 */
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, WRITE_KEY } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const ENDPOINTS = ['track', 'identify', 'group', 'page', 'screen', 'alias', 'batch', 'import'] as const;
const now = Date.now();
const isoNear = fc
  .integer({ min: now - 400 * 86_400_000, max: now + 3_600_000 })
  .map((ms) => new Date(ms).toISOString());

const validEvent = fc.record({
  type: fc.constantFrom('track', 'identify', 'page', 'screen', 'group'),
  messageId: fc.uuid(),
  userId: fc.string({ minLength: 1, maxLength: 40 }),
  event: fc.string({ minLength: 1, maxLength: 40 }),
  groupId: fc.string({ minLength: 1, maxLength: 20 }),
  timestamp: isoNear,
  properties: fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
  traits: fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
});

type Payload = { path: string; contentType: string | null; body: string; validIds: string[] };

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('drop' as const),
    field: fc.constantFrom('userId', 'event', 'type', 'groupId', 'timestamp'),
  }),
  fc.record({
    kind: fc.constant('set' as const),
    field: fc.string({ maxLength: 12 }),
    value: fc.jsonValue({ maxDepth: 4 }),
  }),
  fc.record({
    kind: fc.constant('set' as const),
    field: fc.constantFrom('timestamp', 'sentAt', 'userId', 'type', 'properties', 'context'),
    value: fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.constant('2999-01-01T00:00:00Z'),
      fc.constant([]),
    ),
  }),
  fc.record({ kind: fc.constant('huge' as const), size: fc.integer({ min: 30_000, max: 600_000 }) }),
);

type Mutation = { kind: string; field?: string; value?: unknown; size?: number };

function mutate(event: Record<string, unknown>, m: Mutation) {
  const copy: Record<string, unknown> = { ...event, messageId: `mut-${event.messageId}` };
  if (m.kind === 'drop' && m.field) delete copy[m.field];
  if (m.kind === 'set' && m.field !== undefined) copy[m.field] = m.value;
  if (m.kind === 'huge') copy.properties = { blob: 'z'.repeat(m.size ?? 0) };
  return copy;
}

const payload: fc.Arbitrary<Payload> = fc.oneof(
  // Valid events in a batch: all must be stored.
  fc.array(validEvent, { minLength: 1, maxLength: 5 }).map((batch) => ({
    path: '/v1/batch',
    contentType: 'application/json',
    body: JSON.stringify({ batch }),
    validIds: batch.map((e) => e.messageId),
  })),
  // A valid event on its own endpoint.
  validEvent.map((e) => ({
    path: `/v1/${e.type}`,
    contentType: 'application/json',
    body: JSON.stringify(e),
    validIds: [e.messageId],
  })),
  // Mutated events, alone or in a batch, sent anywhere.
  fc.tuple(validEvent, mutation, fc.constantFrom(...ENDPOINTS)).map(([e, m, endpoint]) => {
    const mutated = mutate(e, m);
    const body = endpoint === 'batch' || endpoint === 'import' ? { batch: [mutated] } : mutated;
    return {
      path: `/v1/${endpoint}`,
      contentType: 'application/json',
      body: JSON.stringify(body),
      validIds: [],
    };
  }),
  // Arbitrary JSON, arbitrary text, deep nesting, odd content types and paths.
  fc.tuple(fc.jsonValue(), fc.constantFrom(...ENDPOINTS)).map(([value, endpoint]) => ({
    path: `/v1/${endpoint}`,
    contentType: 'application/json',
    body: JSON.stringify(value) ?? 'null',
    validIds: [],
  })),
  fc
    .tuple(
      fc.string({ maxLength: 200 }),
      fc.constantFrom(...ENDPOINTS, 'nope'),
      fc.constantFrom('application/json', 'text/plain', 'application/xml', null),
    )
    .map(([text, endpoint, contentType]) => ({
      path: `/v1/${endpoint}`,
      contentType,
      body: text,
      validIds: [],
    })),
  fc.integer({ min: 30, max: 50_000 }).map((depth) => ({
    path: '/v1/batch',
    contentType: 'application/json',
    body: `{"batch":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    validIds: [],
  })),
);

async function post(p: Payload): Promise<number> {
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
  };
  if (p.contentType !== null) headers['content-type'] = p.contentType;
  const res = await fetch(server.url + p.path, { method: 'POST', headers, body: p.body });
  await res.arrayBuffer();
  return res.status;
}

describe('collector fuzzing', () => {
  it('never answers 5xx, keeps serving, and stores every valid event', async () => {
    const statuses = new Map<number, number>();
    const validIds: string[] = [];
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(payload, { minLength: 25, maxLength: 25 }), async (payloads) => {
        const results = await Promise.all(payloads.map(post));
        sent += payloads.length;
        results.forEach((status, i) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 200) validIds.push(...(payloads[i]?.validIds ?? []));
          else expect(payloads[i]?.validIds ?? []).toEqual([]);
        });
        return results.every((status) => status < 500);
      }),
      { numRuns: 120, seed: 20261124 },
    );
    expect(sent).toBeGreaterThanOrEqual(3_000);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);

    const reader = await server.running.store.readConn.runAndReadAll(
      'SELECT count(DISTINCT message_id) FROM events WHERE list_contains($1, message_id)',
      [listValue(validIds)],
      [LIST(VARCHAR)],
    );
    expect(Number(reader.getRows()[0]?.[0])).toBe(new Set(validIds).size);
    // Both outcomes were exercised: plenty accepted, plenty refused with a 4xx.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(600);
    expect([...statuses].filter(([s]) => s >= 400 && s < 500).reduce((a, [, n]) => a + n, 0)).toBeGreaterThan(
      600,
    );
  }, 240_000);
});
