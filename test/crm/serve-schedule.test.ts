/** `crm.every` makes `kindling serve` push and pull on its own, recorded like a CLI run. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { SqlCrmState } from '../../src/crm/sql-crm-state.ts';
import { fakeHubspot } from '../../src/deliver/test-support/fake-hubspot.ts';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

let crm: LocalServer | null = null;
let kindling: TestServer | null = null;
const dir = tempDir('kindling-crm-serve-');

afterEach(async () => {
  await kindling?.stop();
  await crm?.close();
  dir.remove();
});

it('runs a push and a pull at start and records both', async () => {
  const hubspot = fakeHubspot('pat-serve');
  hubspot.sync.deals.set('41', {
    id: '41',
    properties: { dealstage: 'closedwon', amount: '100', hs_lastmodifieddate: '2026-03-01T00:00:00.000Z' },
    companies: [],
    contacts: [],
  });
  crm = await startLocalServer(hubspot.handle);
  const file = join(dir.path, 'kindling.yml');
  writeFileSync(
    file,
    `kindling: 1
name: serve-crm
entity: user
signals:
  used: { event: Used, within: 7d }
points: { used: 10 }
tiers: { cold: 0, warm: 10 }
crm:
  every: 60m
  hubspot:
    token_env: SERVE_HUBSPOT_TOKEN
    base_path: ${crm.url}
    allow_private_network: true
`,
  );
  process.env.SERVE_HUBSPOT_TOKEN = 'pat-serve';
  kindling = await startTestServer({ definition: file });
  const state = new SqlCrmState(kindling.running.store.database.client);
  await until(async () => (await state.lastRuns('default')).length === 2, 'a scheduled push and pull');
  const runs = await state.lastRuns('default');
  expect(runs.map((r) => [r.crm, r.direction, r.failed])).toEqual([
    ['hubspot', 'pull', 0],
    ['hubspot', 'push', 0],
  ]);
  expect(runs.find((r) => r.direction === 'pull')).toMatchObject({ unmatched: 1 });
});
