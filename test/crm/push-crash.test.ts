/**
 * A push that stops in the middle (the process dies after some batches were recorded): the next push
 * sends only what was not recorded. The stop is a state port that throws on the second batch it is
 * asked to record, as a process killed there would leave the store: the first batch recorded, the
 * second written to HubSpot but not recorded, the rest not sent.
 */
import { afterEach, expect, it } from 'vitest';
import type { CrmState } from '../../src/crm/crm-state.ts';
import { runPush } from '../../src/crm/crm-sync.ts';
import { SqlCrmState } from '../../src/crm/sql-crm-state.ts';
import { crmConfigSchema } from '../../src/definition/crm/crm-config.ts';
import { fakeHubspot } from '../../src/deliver/test-support/fake-hubspot.ts';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { type CrmFixture, NOW, openCrmFixture, WS } from './crm-fixture.ts';

const TOKEN = 'pat-na1-crash';
let server: LocalServer | null = null;
let fx: CrmFixture | null = null;

afterEach(async () => {
  await server?.close();
  await fx?.close();
});

it('a push stopped between batches resumes without re-sending the recorded batches', async () => {
  const hubspot = fakeHubspot(TOKEN);
  server = await startLocalServer(hubspot.handle);
  fx = await openCrmFixture();
  for (let i = 1; i <= 6; i++) {
    await fx.score('user', `u${i}`, 10 * i, 'warm');
    await fx.trait('user', `u${i}`, 'email', `user${i}@acme.example`);
  }
  const config = crmConfigSchema.parse({
    hubspot: {
      token_env: 'HUBSPOT_TOKEN',
      base_path: server.url,
      allow_private_network: true,
      create_missing: true,
      batch_size: 2,
    },
  });
  const real = new SqlCrmState(fx.store.database.client);
  let recorded = 0;
  const dying: CrmState = Object.assign(Object.create(real) as SqlCrmState, {
    recordPushed: async (...args: Parameters<CrmState['recordPushed']>) => {
      recorded += 1;
      if (recorded === 2) throw new Error('the process stopped here');
      return real.recordPushed(...args);
    },
  });
  const deps = { env: { HUBSPOT_TOKEN: TOKEN }, now: () => NOW };
  const [stopped] = await runPush(dying, config, deps, { workspaceId: WS, dryRun: false });
  expect(stopped).toMatchObject({ ok: false, error: 'the process stopped here' });
  expect(hubspot.sync.writes.filter((w) => w.created)).toHaveLength(4); // batches 1 and 2 reached HubSpot
  expect(await real.pushed(WS, 'hubspot', 'contact')).toHaveLength(2); // only batch 1 was recorded

  const [resumed] = await runPush(real, config, deps, { workspaceId: WS, dryRun: false });
  expect(resumed).toMatchObject({ ok: true, report: { changed: 4, written: 4, created: 2 } });
  // Batch 1 was not sent again; batch 2 (written, not recorded) was matched by e-mail and updated in
  // place, not created twice; batch 3 was created.
  const byEmail = new Map<string, number>();
  for (const w of hubspot.sync.writes.filter((x) => x.created)) {
    const email = w.properties.email ?? '';
    byEmail.set(email, (byEmail.get(email) ?? 0) + 1);
  }
  expect([...byEmail.values()]).toEqual([1, 1, 1, 1, 1, 1]);
  expect(hubspot.contacts.size).toBe(6);
  const [again] = await runPush(real, config, deps, { workspaceId: WS, dryRun: false });
  expect(again).toMatchObject({ ok: true, report: { changed: 0, written: 0 } });
});
