import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { importSuppressions } from '../../import/import-suppressions.ts';
import { createLogger } from '../../lib/logger.ts';
import { QualificationFeed } from '../../realtime/qualification-feed.ts';
import { loadRoutingState } from '../../route/routing-state-sql.ts';
import { HttpSuppressionStore } from '../../route/suppressions/http-suppression-store.ts';
import { SqlSuppressionStore } from '../../route/suppressions/sql-suppression-store.ts';
import { connect } from '../../store/duckdb/attached-databases.ts';
import { DuckDbClient } from '../../store/duckdb/duckdb-client.ts';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import type { AppContext } from '../app-context.ts';
import { KeyResolver } from '../auth.ts';
import { AuthThrottle } from '../auth-throttle.ts';
import { buildRoutes, createHttpServer } from '../server.ts';
import { suppressionRoutes } from './suppressions.ts';

const NOW = Date.UTC(2025, 5, 2, 10);
let dir: ReturnType<typeof tempDir>;
let store: DuckDbStore;
let conn: DuckDBConnection;
let server: Server;
let url: string;
const keys: Record<'adminA' | 'adminB' | 'writeA', string> = { adminA: '', adminB: '', writeA: '' };

beforeAll(async () => {
  dir = tempDir('kindling-suppressions-');
  store = await DuckDbStore.open(dir.path);
  conn = await connect(store.instance);
  for (const ws of ['a', 'b']) await store.keys.ensureWorkspace(ws, ws);
  const create = async (workspaceId: string, kind: 'admin' | 'write') =>
    (await store.keys.createKey({ workspaceId, kind, label: null, key: null })).key;
  keys.adminA = await create('a', 'admin');
  keys.adminB = await create('b', 'admin');
  keys.writeA = await create('a', 'write');
  const app: AppContext = {
    store,
    keys: store.keys,
    resolver: new KeyResolver(store.keys, new AuthThrottle(() => NOW)),
    now: () => NOW,
    log: createLogger('silent'),
    feed: new QualificationFeed(),
  };
  server = createHttpServer(
    app,
    buildRoutes(app, suppressionRoutes(app, new SqlSuppressionStore(new DuckDbClient(conn), () => NOW))),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  conn.closeSync();
  await store.close();
  dir.remove();
});

async function call(
  method: string,
  path: string,
  key: string | null,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('/api/suppressions', () => {
  it('needs an admin key: none → 401, a write key → 403', async () => {
    for (const method of ['GET', 'POST']) {
      expect(
        (await call(method, '/api/suppressions', null, method === 'POST' ? { value: 'x.com' } : undefined))
          .status,
      ).toBe(401);
      expect(
        (
          await call(
            method,
            '/api/suppressions',
            keys.writeA,
            method === 'POST' ? { value: 'x.com' } : undefined,
          )
        ).status,
      ).toBe(403);
    }
    expect((await call('DELETE', '/api/suppressions/domain/x.com', 'not-a-key')).status).toBe(401);
    expect((await call('GET', '/api/suppressions', keys.adminA)).body).toEqual({ suppressions: [] });
  });

  it('adds one entry or many, normalised, inferring the kind; re-adding updates', async () => {
    const one = await call('POST', '/api/suppressions', keys.adminA, {
      value: ' Jane@Acme.example ',
      reason: 'GDPR request',
    });
    expect(one).toEqual({ status: 201, body: { added: 1, updated: 0 } });
    const many = await call('POST', '/api/suppressions', keys.adminA, {
      suppressions: [
        { value: '@Rival.example' },
        { value: 'jane@acme.example', reason: 'asked twice' },
        { kind: 'domain', value: 'spam.example' },
      ],
    });
    expect(many).toEqual({ status: 201, body: { added: 2, updated: 1 } });
    const list = await call('GET', '/api/suppressions', keys.adminA);
    expect(list.body.suppressions).toEqual([
      {
        kind: 'domain',
        value: 'rival.example',
        reason: null,
        source: 'api',
        createdAt: new Date(NOW).toISOString(),
      },
      {
        kind: 'domain',
        value: 'spam.example',
        reason: null,
        source: 'api',
        createdAt: new Date(NOW).toISOString(),
      },
      {
        kind: 'email',
        value: 'jane@acme.example',
        reason: 'asked twice',
        source: 'api',
        createdAt: new Date(NOW).toISOString(),
      },
    ]);
    const emails = await call('GET', '/api/suppressions?kind=email', keys.adminA);
    expect((emails.body.suppressions as unknown[]).length).toBe(1);
  });

  it('rejects a bad entry with its index, storing nothing of that request', async () => {
    const bad = await call('POST', '/api/suppressions', keys.adminA, {
      suppressions: [{ value: 'fine.example' }, { value: 'not a domain' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid-suppression',
      message: expect.stringContaining('suppressions.1'),
    });
    const badKind = await call('POST', '/api/suppressions', keys.adminA, { kind: 'phone', value: '555' });
    expect(badKind.status).toBe(400);
    const list = await call('GET', '/api/suppressions?kind=domain', keys.adminA);
    expect((list.body.suppressions as { value: string }[]).map((s) => s.value)).not.toContain('fine.example');
    expect((await call('GET', '/api/suppressions?kind=phone', keys.adminA)).status).toBe(400);
  });

  it('is scoped to the key’s workspace: another workspace neither sees nor removes it', async () => {
    await call('POST', '/api/suppressions', keys.adminA, { value: 'scoped.example' });
    expect((await call('GET', '/api/suppressions', keys.adminB)).body).toEqual({ suppressions: [] });
    expect((await call('DELETE', '/api/suppressions/domain/scoped.example', keys.adminB)).status).toBe(404);
    const stateA = await loadRoutingState(new DuckDbClient(conn), 'a', 'user', 'u', {
      email: 'x@scoped.example',
      domain: null,
      asOf: NOW,
    });
    const stateB = await loadRoutingState(new DuckDbClient(conn), 'b', 'user', 'u', {
      email: 'x@scoped.example',
      domain: null,
      asOf: NOW,
    });
    expect(stateA.suppression?.value).toBe('scoped.example');
    expect(stateB.suppression).toBeNull();
  });

  it('removes an entry (value URL-encoded, case-insensitive), then 404s', async () => {
    await call('POST', '/api/suppressions', keys.adminA, { value: 'gone@acme.example' });
    const removed = await call(
      'DELETE',
      `/api/suppressions/email/${encodeURIComponent('Gone@Acme.example')}`,
      keys.adminA,
    );
    expect(removed.status).toBe(200);
    expect(removed.body.removed).toMatchObject({ kind: 'email', value: 'gone@acme.example' });
    expect((await call('DELETE', '/api/suppressions/email/gone%40acme.example', keys.adminA)).status).toBe(
      404,
    );
    expect((await call('DELETE', '/api/suppressions/phone/555', keys.adminA)).status).toBe(400);
  });

  it('serves the CLI beside a running server: CSV import and removal through the API', async () => {
    const client = new HttpSuppressionStore(url, keys.adminB);
    const file = `${dir.path}/via-api.csv`;
    writeFileSync(file, 'domain,reason\nvia-api.example,imported\n\nbad domain!,\n');
    const lines: number[] = [];
    const summary = await importSuppressions({
      store: client,
      workspaceId: 'ignored: the key decides',
      file,
      listener: { progress: () => undefined, bad: (b) => lines.push(b.line) },
    });
    expect(summary).toMatchObject({ read: 2, stored: 1, rejected: 1 });
    expect(lines).toEqual([4]);
    expect(await client.list('x')).toEqual([
      { kind: 'domain', value: 'via-api.example', reason: 'imported', source: 'import', createdAt: NOW },
    ]);
    expect(await client.remove('x', 'domain', 'via-api.example')).toMatchObject({ value: 'via-api.example' });
    expect(await client.remove('x', 'domain', 'via-api.example')).toBeNull();
    await expect(new HttpSuppressionStore(url, keys.writeA).list('x')).rejects.toThrow(
      'This key can only send events',
    );
  });
});
