/**
 * Versions in real time: the server's file is the default workspace's live version, and a shadow
 * activated through the API is scored beside it at once, recorded, and never routed or alerted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { burningBatch } from '../support/burning-account.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const dir = tempDir();
let slack: LocalServer;
let server: TestServer;
const base = readFileSync('examples/team-plan-pql.yml', 'utf8');

beforeAll(async () => {
  slack = await startLocalServer((_q, r) => r.writeHead(200).end('ok'));
  process.env.SHADOW_SLACK_URL = `${slack.url}/hook`;
  const definition = join(dir.path, 'kindling.yml');
  writeFileSync(
    definition,
    `${base}\ndestinations:\n  sales-slack: { kind: slack, webhook_url_env: SHADOW_SLACK_URL, allow_private_network: true }\n`,
  );
  server = await startTestServer({ definition });
  // The shadow: the same signals, a seat limit worth less (90 + 10 points become 75: hot).
  const shadow = base
    .replace('name: team-plan-pql', 'name: team-plan-strict')
    .replace('hit_seat_limit: 30', 'hit_seat_limit: 5');
  const reply = await server.admin('/api/versions/activate', {
    method: 'POST',
    body: { source: shadow, role: 'shadow' },
  });
  expect(reply.status).toBe(200);
  await server.running.realtime.definitions.idle();
  await server.running.realtime.engine.settle();
  expect((await server.send('/v1/batch', burningBatch('acct-shadow'))).status).toBe(200);
  await server.running.realtime.engine.settle();
});

afterAll(async () => {
  await server?.stop();
  await slack?.close();
  dir.remove();
});

describe('a shadow definition in real time', () => {
  it('is scored beside the live one: both record a qualification, each with its own tier', async () => {
    const rows = await server.running.store.readConn.runAndReadAll(
      `SELECT definition_name, shadow, tier, status FROM qualifications WHERE entity_id = 'acct-shadow'
       AND kind = 'qualified' ORDER BY shadow`,
    );
    expect(rows.getRows()).toEqual([
      ['team-plan-pql', false, 'burning', 'alerted'],
      ['team-plan-strict', true, 'hot', 'shadow'],
    ]);
  });

  it('never routes or alerts the shadow', async () => {
    const deliveries = await server.running.store.readConn.runAndReadAll(
      `SELECT q.definition_name FROM deliveries d JOIN qualifications q ON q.id = d.alert_id`,
    );
    expect(deliveries.getRows()).toEqual([['team-plan-pql']]);
    const leads = await server.running.store.readConn.runAndReadAll(
      `SELECT tier FROM leads WHERE entity_id = 'acct-shadow'`,
    );
    expect(leads.getRows()).toEqual([['burning']]);
  });

  it('lists the file as the live version and the shadow beside it', async () => {
    const versions = await server.admin('/api/versions');
    expect(JSON.stringify(versions.body)).toContain('team-plan-strict');
    expect(JSON.stringify(versions.body)).toContain('team-plan-pql');
  });
});
