/** /api/openapi.json lists every /api route the server registered, each one described. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/dashboard/openapi.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        summary: string;
        'x-undocumented'?: boolean;
        parameters: { name: string; in: string }[];
        requestBody?: unknown;
      }
    >
  >;
}

describe('the OpenAPI document', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ definition: 'examples/demo/seed-003-accounts.yml' });
  });
  afterAll(() => server.stop());

  it('describes every /api route of a running server (a new route without a description fails here)', async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(20);
    const undocumented = operations.filter(({ op }) => op['x-undocumented'] === true).map(({ key }) => key);
    expect(undocumented, 'add these routes to src/dashboard/api-docs.ts').toEqual([]);
    for (const key of [
      'GET /api/leads',
      'GET /api/stream',
      'POST /api/session',
      'GET /api/destinations',
      'GET /api/stats',
    ]) {
      expect(operations.map((o) => o.key)).toContain(key);
    }
    const leads = doc.paths['/api/leads']?.get;
    expect(leads?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['tier', 'owner', 'status', 'sort', 'page']),
    );
    expect(doc.paths['/api/leads/{type}/{id}/reassign']?.post?.requestBody).toBeDefined();
  });

  it('lists every documented operation only where a route answers it', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Doc;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        if (method !== 'get' || path.includes('{') || path === '/api/stream') continue;
        const res = await fetch(server.url + path);
        await res.text();
        // Unauthenticated: 401, never the router's 404 for an unknown path.
        expect([200, 401], `${method} ${path}`).toContain(res.status);
      }
    }
  });

  it('marks a route nobody described', () => {
    const doc = openApiDocument(
      [{ method: 'GET', path: '/api/brand-new/:id', handle: async () => ({ status: 200, body: null }) }],
      'test',
    ) as unknown as Doc;
    const op = doc.paths['/api/brand-new/{id}']?.get;
    expect(op?.['x-undocumented']).toBe(true);
    expect(op?.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })]);
  });
});
