/** `kindling crm push --dry-run` and `kindling crm status`, in process, against the fake HubSpot. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SqlCrmState } from '../../src/crm/sql-crm-state.ts';
import { fakeHubspot } from '../../src/deliver/test-support/fake-hubspot.ts';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { runInProcess } from '../support/run-in-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { openCrmFixture } from './crm-fixture.ts';

const TOKEN = 'pat-na1-cli';
let server: LocalServer;
const dir = tempDir('kindling-crm-cli-');
let dataDir = '';
let definition = '';

beforeAll(async () => {
  const hubspot = fakeHubspot(TOKEN);
  hubspot.contacts.set('jane@acme.example', { id: '501', properties: { email: 'jane@acme.example' } });
  server = await startLocalServer(hubspot.handle);
  const fx = await openCrmFixture();
  await fx.score('user', 'u1', 72, 'hot');
  await fx.trait('user', 'u1', 'email', 'jane@acme.example');
  dataDir = fx.dataDir;
  await fx.store.close();
  definition = join(dir.path, 'kindling.yml');
  writeFileSync(
    definition,
    `kindling: 1
name: cli
entity: user
signals:
  used: { event: Used, within: 7d }
points: { used: 10 }
tiers: { cold: 0, warm: 10 }
crm:
  hubspot:
    token_env: CLI_HUBSPOT_TOKEN
    base_path: ${server.url}
    allow_private_network: true
`,
  );
});
afterAll(async () => {
  await server.close();
  dir.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

it('prints what a push would change and writes nothing; a real push is then shown by status', async () => {
  const env = { CLI_HUBSPOT_TOKEN: TOKEN };
  const args = ['--definition', definition, '--data-dir', dataDir];
  const dry = await runInProcess(['crm', 'push', '--dry-run', ...args], env);
  expect(dry.stderr).toBe('');
  expect(dry.stdout).toContain('hubspot: definition v1: 1 changed, 0 unchanged (dry run: nothing written)');
  expect(dry.stdout).toContain('update contact 501 for user:u1: score=72 tier=hot');
  expect(dry.stdout).toContain('contacts.kindling_score');

  const push = await runInProcess(['crm', 'push', ...args], env);
  expect(push).toMatchObject({ code: 0 });
  expect(push.stdout).toContain('wrote 1 (0 created), 0 unmatched, 0 failed');
  const status = await runInProcess(['crm', 'status', ...args], env);
  expect(status.stdout).toMatch(/hubspot push: .*: 1 written, 0 unchanged, 0 unmatched, 0 failed/);

  const store = await DuckDbStore.open(dataDir);
  try {
    expect(await new SqlCrmState(store.database.client).pushed('default', 'hubspot', 'contact')).toHaveLength(
      1,
    );
  } finally {
    await store.close();
  }
});

it('names a missing token', async () => {
  const result = await runInProcess(['crm', 'push', '--definition', definition, '--data-dir', dataDir]);
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('hubspot: failed: environment variable CLI_HUBSPOT_TOKEN is not set');
});
