/**
 * Destinations refuse loopback, link-local and private receivers unless `allow_private_network` is
 * set: a literal address in the configuration stops start-up, and a name that resolves to one when
 * the request is made (DNS rebinding) is a dead letter, with nothing sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DestinationDeps } from '../destination.ts';
import { fakeHubspot } from '../test-support/fake-hubspot.ts';
import { fakeSalesforce } from '../test-support/fake-salesforce.ts';
import {
  type LocalServer,
  replyJson,
  resolvingTo,
  startLocalServer,
} from '../test-support/local-http-server.ts';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { createDestination, destinationConfigSchema } from './index.ts';

const SECRET = `whsec_${Buffer.from('private-network-test-key-32bytes').toString('base64')}`;
const TOKEN = 'pat-test-token';
const ctx = { idempotencyKey: 'q_1:dest', attempt: 1 };
let server: LocalServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** The schema refuses a private URL written in the file; start-up one taken from a variable. */
function build(config: Record<string, unknown>, deps: Partial<DestinationDeps> = {}) {
  const parsed = destinationConfigSchema.safeParse(config);
  if (!parsed.success) return { ok: false, error: parsed.error.issues } as const;
  return createDestination('dest', parsed.data, {
    env: { URL: deps.env?.URL ?? '', SECRET, TOKEN },
    ...(deps.resolve === undefined ? {} : { resolve: deps.resolve }),
  });
}

/** Each HTTP kind with its URL in the place it takes it. */
const kinds = (url: string) => [
  { kind: 'slack', webhook_url_env: 'URL', env: url },
  { kind: 'webhook', url_env: 'URL', secret_env: 'SECRET', env: url },
  { kind: 'hubspot', token_env: 'TOKEN', base_path: url, env: '' },
  { kind: 'salesforce', access_token_env: 'TOKEN', instance_url: url, env: '' },
];

function configOf({ env: _env, ...config }: ReturnType<typeof kinds>[number], extra = {}) {
  return { ...config, timeout_ms: 2000, ...extra };
}

describe('destinations and private networks', () => {
  for (const url of [
    'http://169.254.169.254/latest',
    'http://127.0.0.1:8080',
    'http://localhost',
    'http://[::1]',
  ]) {
    it(`refuses ${url} at start-up, naming where it came from but not the URL`, () => {
      for (const entry of kinds(url)) {
        const built = build(configOf(entry), { env: { URL: entry.env } });
        expect(built.ok, entry.kind).toBe(false);
        const text = JSON.stringify(built.ok ? null : built.error);
        expect(text).toContain('allow_private_network: true');
        expect(text).not.toContain(url.slice('http://'.length));
        expect(build(configOf(entry, { allow_private_network: true }), { env: { URL: entry.env } }).ok).toBe(
          true,
        );
      }
    });
  }

  it('dead-letters a send whose public-looking name resolves to loopback, sending nothing', async () => {
    const hubspot = fakeHubspot(TOKEN);
    const salesforce = fakeSalesforce(TOKEN, '62.0');
    server = await startLocalServer((request, response) => {
      if (request.url.startsWith('/crm/')) return hubspot.handle(request, response);
      if (request.url.startsWith('/services/data')) return salesforce.handle(request, response);
      replyJson(response, 200, { ok: true });
    });
    const port = new URL(server.url).port;
    const rebinding = resolvingTo('127.0.0.1');
    for (const entry of kinds(`http://receiver.example:${port}`)) {
      const refused = build(configOf(entry), { env: { URL: entry.env }, resolve: rebinding });
      if (!refused.ok) throw new Error(JSON.stringify(refused.error));
      const outcome = await refused.value.send(sampleAlert(), ctx);
      expect(outcome, entry.kind).toMatchObject({ kind: 'dead', status: null });
      expect(outcome.kind === 'dead' && outcome.detail).toContain(
        'resolves to a loopback address (127.0.0.1)',
      );
    }
    expect(server.requests).toEqual([]);
    // Allowed, the same name reaches the receiver (jsforce resolves names itself, so Salesforce is
    // left out here; its allowed local receiver is salesforce.test.ts).
    for (const entry of kinds(`http://receiver.example:${port}`).slice(0, 3)) {
      const allowed = build(configOf(entry, { allow_private_network: true }), {
        env: { URL: entry.env },
        resolve: rebinding,
      });
      if (!allowed.ok) throw new Error(JSON.stringify(allowed.error));
      expect((await allowed.value.send(sampleAlert(), ctx)).kind, entry.kind).toBe('delivered');
    }
  });
});
