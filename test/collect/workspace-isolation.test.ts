/**
 * Issue 15, item 3: workspaces do not leak into each other. Workspace A (`default`) has the server's
 * definition file with a webhook destination, a shadow version, a lead, a delivery, a suppression,
 * an outcome and keys. Workspace B has only its own keys. Then:
 * - B's events are not scored with A's file and never reach A's destinations;
 * - every `/api` route the server registered (read from its OpenAPI document, so a new route is
 *   walked without editing this file) is called with B's admin key and A's identifiers: no reply
 *   shows anything of A, no route finds A's things, and A's state is the same afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/store/duckdb/attached-databases.ts';
import { burningBatch } from '../support/burning-account.ts';
import { ADMIN_KEY, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';
import {
  EXAMPLE_DEFINITION,
  startWebhookServer,
  type WebhookServer,
  workspaceKeys,
} from '../support/webhook-definition.ts';

let running: WebhookServer;
let server: TestServer;
let bAdmin = '';
let bWrite = '';

/** What only A has: none of these may appear in a reply to B unless B itself sent it. */
const secrets: string[] = [];
/** Candidate values for each path parameter: A's identifiers. */
const candidates: Record<string, string[]> = {
  type: ['account', 'user'],
  kind: ['email', 'domain'],
};
let aVersions: string[] = [];

const SHADOW_NAME = 'a-private-shadow';
const A_SUPPRESSED = 'blocked@a-secret.example';
const A_OWNER = 'owner@a-secret.example';
const A_KEY_LABEL = 'a-secret-key-label';

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly type: string;
}

async function call(
  path: string,
  init: { method?: string; key?: string; body?: unknown } = {},
): Promise<Answer> {
  const controller = new AbortController();
  const res = await fetch(server.url + path, {
    method: init.method ?? 'GET',
    signal: controller.signal,
    headers: {
      authorization: `Bearer ${init.key ?? ADMIN_KEY}`,
      'content-type': 'application/json',
      // A browser's workspace switch; a key's workspace must win over it.
      'x-kindling-workspace': 'default',
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    // A stream never ends: its first frame says whose it is; then hang up.
    const reader = res.body?.getReader();
    const first = reader === undefined ? undefined : await reader.read();
    controller.abort();
    return {
      status: res.status,
      type,
      text: first?.value === undefined ? '' : Buffer.from(first.value).toString(),
    };
  }
  return { status: res.status, type, text: await res.text() };
}

/** A live stream read as it arrives, until closed. */
async function openStream(key: string): Promise<{ text(): string; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/api/stream`, {
    headers: { authorization: `Bearer ${key}` },
    signal: controller.signal,
  });
  let text = '';
  const reader = res.body?.getReader();
  const pump = async (): Promise<void> => {
    for (;;) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) return;
      text += Buffer.from(chunk.value).toString();
    }
  };
  pump().catch(() => undefined); // ends with an AbortError when closed
  return { text: () => text, close: () => controller.abort() };
}

async function aJson<T>(path: string): Promise<T> {
  const answer = await call(path);
  expect(answer.status, `${path}: ${answer.text}`).toBe(200);
  return JSON.parse(answer.text) as T;
}

/** A's state as A sees it, without what changes by itself (times, attempts). */
async function snapshotOfA(): Promise<unknown> {
  const versions = await aJson<unknown>('/api/versions');
  const keys = await aJson<{ keys: { id: string; revokedAt: string | null; label: string | null }[] }>(
    '/api/keys',
  );
  const suppressions = await aJson<{ suppressions: { kind: string; value: string }[] }>('/api/suppressions');
  const deliveries = await aJson<{ deliveries: { id: string }[] }>('/api/deliveries');
  const leads = await aJson<{ leads: { entityId: string; status: string; owner: unknown }[] }>('/api/leads');
  const definition = await aJson<{ version: string; source: string }>('/api/definition');
  return {
    versions,
    keys: keys.keys.map((k) => [k.id, k.revokedAt, k.label]),
    suppressions: suppressions.suppressions.map((s) => [s.kind, s.value]),
    deliveries: deliveries.deliveries.map((d) => d.id).sort(),
    leads: leads.leads.map((l) => [l.entityId, l.status, l.owner]),
    definition: [definition.version, definition.source],
  };
}

/** Bodies for routes that take one, filled with A's identifiers; others get `{}`. */
function bodiesFor(method: string, path: string): unknown[] {
  const route = `${method} ${path}`;
  const byRoute: Record<string, unknown[]> = {
    'POST /api/versions/activate': aVersions.flatMap((version) => [
      { version, role: 'live' },
      { version: version.slice(0, 8), role: 'shadow' },
    ]),
    'POST /api/suppressions': [{ value: A_SUPPRESSED }],
    'POST /api/outcomes': [{ entity_id: 'acct-a', type: 'won', owner: 'someone@b.example' }],
    'POST /api/keys': [{ kind: 'admin', label: 'b key' }],
    'POST /api/session': [{ key: 'ka_not_a_key_of_anyone_000000' }],
    'POST /api/leads/{type}/{id}/snooze': [{ hours: 1 }],
    'POST /api/leads/{type}/{id}/reassign': [{ owner: 'thief@b.example' }],
  };
  return byRoute[route] ?? (method === 'GET' || method === 'DELETE' ? [undefined] : [{}]);
}

/** Every way to fill a path's parameters with A's identifiers. */
function fill(path: string): string[] {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name ?? '');
  let paths = [path];
  for (const name of names) {
    const values = candidates[name];
    if (values === undefined) throw new Error(`no candidate values for {${name}} in ${path}: add some`);
    paths = paths.flatMap((p) => values.map((v) => p.replace(`{${name}}`, encodeURIComponent(v))));
  }
  return paths;
}

beforeAll(async () => {
  running = await startWebhookServer({ destination: 'crm-hook' });
  server = running.server;
  ({ admin: bAdmin, write: bWrite } = await workspaceKeys(server, 'b'));

  // A's things.
  expect((await server.send('/v1/batch', burningBatch('acct-a'))).status).toBe(200);
  await server.running.realtime.engine.settle();
  const shadow = await call('/api/versions/activate', {
    method: 'POST',
    body: {
      source: EXAMPLE_DEFINITION.replace('name: team-plan-pql', `name: ${SHADOW_NAME}`),
      role: 'shadow',
    },
  });
  expect(shadow.status, shadow.text).toBe(200);
  expect((await call('/api/suppressions', { method: 'POST', body: { value: A_SUPPRESSED } })).status).toBe(
    201,
  );
  const outcome = { entity_id: 'acct-a', type: 'meeting', owner: A_OWNER };
  expect((await call('/api/outcomes', { method: 'POST', body: outcome })).status).toBe(201);
  const created = await call('/api/keys', { method: 'POST', body: { kind: 'write', label: A_KEY_LABEL } });
  expect(created.status).toBe(201);

  const versions = await aJson<{ versions: { version: string }[] }>('/api/versions');
  aVersions = versions.versions.map((v) => v.version);
  const keyIds = (await aJson<{ keys: { id: string; prefix: string }[] }>('/api/keys')).keys;
  const deliveries = (await aJson<{ deliveries: { id: string }[] }>('/api/deliveries')).deliveries;
  expect(aVersions).toHaveLength(2);
  expect(deliveries.length).toBeGreaterThan(0);
  candidates.id = ['acct-a', 'acct-a-u0', ...keyIds.map((k) => k.id), ...deliveries.map((d) => d.id)];
  candidates.value = [A_SUPPRESSED, 'a-secret.example'];
  secrets.push(
    ...aVersions,
    ...keyIds.flatMap((k) => [k.id, k.prefix.replace('…', '')]),
    ...deliveries.map((d) => d.id),
    'team-plan-pql',
    SHADOW_NAME,
    'acct-a',
    'user0@acct-a.example.com',
    'Company acct-a',
    'crm-hook',
    'crm-hook.example.invalid',
    'Accounts ready for a Team-plan conversation',
    A_SUPPRESSED,
    A_OWNER,
    A_KEY_LABEL,
  );
}, 120_000);

afterAll(() => running?.stop());

describe('workspace isolation', () => {
  it("scores a workspace without a version of its own with nothing of A's, and never alerts A's destinations", async () => {
    expect((await server.send('/v1/batch', burningBatch('acct-b'), bWrite)).status).toBe(200);
    await server.running.realtime.engine.settle();
    const reader = await connect(server.running.store.instance);
    try {
      const rows = await reader.runAndReadAll(
        `SELECT workspace_id, count(*) FROM deliveries GROUP BY 1 ORDER BY 1`,
      );
      expect(rows.getRows().map(([w, n]) => [String(w), Number(n)])).toEqual([
        ['default', expect.any(Number)],
      ]);
      const qualified = await reader.runAndReadAll(
        `SELECT count(*) FROM qualifications WHERE workspace_id = 'b'`,
      );
      expect(Number(qualified.getRows()[0]?.[0])).toBe(0);
    } finally {
      reader.closeSync();
    }
    const bLeads = JSON.parse((await call('/api/leads', { key: bAdmin })).text) as { leads: unknown[] };
    expect(bLeads.leads).toEqual([]);
    expect((await call('/api/scores', { key: bAdmin })).status).toBe(409);
    expect((await call('/api/definition', { key: bAdmin })).status).toBe(404);
  });

  it("walks every /api route with B's key: nothing of A is visible or changeable", async () => {
    const document = JSON.parse((await call('/api/openapi.json')).text) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const before = await snapshotOfA();
    const walked: string[] = [];
    const problems: string[] = [];
    // What B has sent (it may come back: B's own outcome for "acct-a" is B's data).
    let sent = '';
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        for (const path of fill(template)) {
          for (const body of bodiesFor(method, template)) {
            const answer = await call(path, { method, key: bAdmin, body });
            walked.push(`${method} ${template}`);
            sent += ` ${decodeURIComponent(path)} ${JSON.stringify(body ?? null)}`;
            for (const secret of secrets) {
              if (!sent.includes(secret) && answer.text.includes(secret)) {
                problems.push(
                  `${method} ${path} ${JSON.stringify(body)} shows "${secret}": ${answer.text.slice(0, 300)}`,
                );
              }
            }
            // A route addressed with A's identifiers must not find them.
            const aimsAtA = template.includes('{') && method === 'GET';
            if (aimsAtA && answer.status < 400) {
              problems.push(`${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(new Set(walked).size).toBe(
      Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0),
    );
    expect(await snapshotOfA()).toEqual(before);
  });

  it("lists no version of A for B, and B cannot activate or read A's definition by hash", async () => {
    const listed = JSON.parse((await call('/api/versions', { key: bAdmin })).text) as { versions: unknown[] };
    expect(listed.versions).toEqual([]);
    for (const version of aVersions) {
      const activated = await call('/api/versions/activate', {
        method: 'POST',
        key: bAdmin,
        body: { version, role: 'live' },
      });
      expect(activated.status).toBe(404);
    }
    expect((await call('/api/definition', { key: bAdmin })).status).toBe(404);
  });

  it("does not stream A's qualifications to B", async () => {
    const aStream = await openStream(ADMIN_KEY);
    const bStream = await openStream(bAdmin);
    try {
      expect((await server.send('/v1/batch', burningBatch('acct-a3'))).status).toBe(200);
      await server.running.realtime.engine.settle();
      await until(() => aStream.text().includes('acct-a3'), "A's qualification on A's stream");
      expect(aStream.text()).toContain('acct-a3');
      expect(bStream.text()).toContain('"workspace":"b"');
      expect(bStream.text()).not.toContain('acct-a');
    } finally {
      aStream.close();
      bStream.close();
    }
  });

  it("tells B that A's entities are unknown when B records an outcome for one", async () => {
    const reply = await call('/api/outcomes', {
      method: 'POST',
      key: bAdmin,
      body: { entity_id: 'acct-a', type: 'lost' },
    });
    expect(JSON.parse(reply.text)).toMatchObject({
      unmatched: [{ entity_type: 'account', entity_id: 'acct-a' }],
    });
  });
});
