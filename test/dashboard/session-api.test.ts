/** Sign-in sessions, CSRF protection and --open mode, through the HTTP API of a real server. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningKindling, startKindling } from '../../src/app/start-kindling.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ADMIN_KEY, startTestServer, type TestServer, WRITE_KEY } from '../support/test-server.ts';

const CSRF = { 'x-kindling-csrf': '1' };

async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{
  status: number;
  body: { error?: { code: string } } & Record<string, unknown>;
  headers: Headers;
}> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : JSON.parse(text), headers: res.headers };
}

describe('dashboard sign-in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const signIn = async (key: string) =>
    call(`${server.url}/api/session`, { method: 'POST', headers: CSRF, body: { key } });

  it('trades an admin key for an HTTP-only, SameSite=Strict cookie that never holds the key', async () => {
    const signed = await signIn(ADMIN_KEY);
    expect(signed.status).toBe(201);
    const cookie = signed.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kindling_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(cookie).not.toContain(ADMIN_KEY);
    const session = cookie.split(';')[0] ?? '';
    const stats = await call(`${server.url}/api/stats`, { headers: { cookie: session } });
    expect(stats.status).toBe(200);
    const who = await call(`${server.url}/api/session`, { headers: { cookie: session } });
    expect(who.body).toMatchObject({ mode: 'session', workspace: 'default', open: false });
  });

  it('refuses cookie-authenticated changes without the CSRF header, and cross-origin ones', async () => {
    const session = (await signIn(ADMIN_KEY)).headers.get('set-cookie')?.split(';')[0] ?? '';
    const bare = await call(`${server.url}/api/keys`, {
      method: 'POST',
      headers: { cookie: session },
      body: { kind: 'write' },
    });
    expect(bare.status).toBe(403);
    expect(bare.body.error?.code).toBe('csrf-header-missing');
    const foreign = await call(`${server.url}/api/keys`, {
      method: 'POST',
      headers: { cookie: session, ...CSRF, origin: 'https://evil.example' },
      body: { kind: 'write' },
    });
    expect(foreign.body.error?.code).toBe('cross-origin');
    const ok = await call(`${server.url}/api/keys`, {
      method: 'POST',
      headers: { cookie: session, ...CSRF },
      body: { kind: 'write' },
    });
    expect(ok.status).toBe(201);
    // A key in the Authorization header needs no CSRF header: browsers never attach it on their own.
    expect((await server.admin('/api/keys', { method: 'POST', body: { kind: 'write' } })).status).toBe(201);
    // Signing in is a change too.
    const noHeader = await call(`${server.url}/api/session`, { method: 'POST', body: { key: ADMIN_KEY } });
    expect(noHeader.status).toBe(403);
  });

  it('refuses write keys and unknown keys; signing out or revoking the key ends the session', async () => {
    expect((await signIn(WRITE_KEY)).body.error?.code).toBe('not-an-admin-key');
    expect((await signIn('ka_not_a_real_key_000000000')).body.error?.code).toBe('unknown-key');
    const first = (await signIn(ADMIN_KEY)).headers.get('set-cookie')?.split(';')[0] ?? '';
    const out = await call(`${server.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: first, ...CSRF },
    });
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await call(`${server.url}/api/stats`, { headers: { cookie: first } })).status).toBe(401);

    const created = await server.admin('/api/keys', {
      method: 'POST',
      body: { kind: 'admin', label: 'temp' },
    });
    const { key, record } = created.body as { key: string; record: { id: string } };
    const second = (await signIn(key)).headers.get('set-cookie')?.split(';')[0] ?? '';
    expect((await call(`${server.url}/api/stats`, { headers: { cookie: second } })).status).toBe(200);
    await server.admin(`/api/keys/${record.id}`, { method: 'DELETE' });
    expect((await call(`${server.url}/api/stats`, { headers: { cookie: second } })).status).toBe(401);
  });
});

/** A GET with a chosen Host header (fetch does not let a caller set one). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('--open mode', () => {
  const dir = tempDir();
  let running: RunningKindling;
  beforeAll(async () => {
    const config = loadConfig({ dataDir: dir.path, port: 0, open: 'true' }, { KINDLING_DEMO: 'false' });
    running = await startKindling(config, createLogger('silent'));
  });
  afterAll(async () => {
    await running.close();
    dir.remove();
  });

  it('answers the admin API without credentials, for any workspace, from this machine only', async () => {
    expect((await call(`${running.url}/api/stats`)).status).toBe(200);
    expect((await call(`${running.url}/api/session`)).body).toMatchObject({ mode: 'open', open: true });
    const missing = await call(`${running.url}/api/stats`, { headers: { 'x-kindling-workspace': 'nope' } });
    expect(missing.body.error?.code).toBe('unknown-workspace');
    const rebound = await getWithHost(`${running.url}/api/stats`, 'attacker.example:7300');
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('open-mode-host');
    expect((await getWithHost(`${running.url}/api/stats`, 'localhost:7300')).status).toBe(200);
    // The session route lists workspaces in open mode: not to a page reached through another name.
    const reboundSession = await getWithHost(`${running.url}/api/session`, 'attacker.example:7300');
    expect(reboundSession.body).toContain('"mode":"signed-out"');
    expect(reboundSession.body).toContain('"workspaces":[]');
  });

  it('still requires the CSRF header for changes', async () => {
    const bare = await call(`${running.url}/api/keys`, { method: 'POST', body: { kind: 'write' } });
    expect(bare.body.error?.code).toBe('csrf-header-missing');
    expect(
      (await call(`${running.url}/api/keys`, { method: 'POST', headers: CSRF, body: { kind: 'write' } }))
        .status,
    ).toBe(201);
  });

  it('refuses to start on a host that is not loopback', async () => {
    const other = tempDir();
    try {
      const config = loadConfig(
        { dataDir: other.path, port: 0, open: 'true', host: '0.0.0.0' },
        { KINDLING_DEMO: 'false' },
      );
      await expect(startKindling(config, createLogger('silent'))).rejects.toThrow(/loopback/);
    } finally {
      other.remove();
    }
  });
});
