/**
 * Routing in the running server: round robin in a team with an SLA, a do-not-contact suppression
 * recorded without an alert, a contacted outcome stopping the SLA clock, and a breach escalated to
 * the next member of the team with a message to the managers' channel.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { burningBatch } from '../support/burning-account.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 3, 14, 9, 0, 0);
let clock = T0;
const dir = tempDir();
let sales: LocalServer;
let managers: LocalServer;
let server: TestServer;

const ROUTING = `
destinations:
  sales-slack: { kind: slack, webhook_url_env: FLOW_SALES_URL, allow_private_network: true }
  managers-slack: { kind: slack, webhook_url_env: FLOW_MANAGERS_URL, allow_private_network: true }
routing:
  suppress:
    do_not_contact: true
  teams:
    ae:
      members:
        - { email: maya@vendor.example, name: Maya Reed }
        - { email: jonas@vendor.example, name: Jonas Berg }
  rules:
    - name: burning
      when: { tier: burning }
      owner: ae
      notify: [sales-slack]
      sla: 4h
      next_action: Personal outreach within 4 hours
      escalate: { to: next_in_team, notify: [managers-slack] }
`;

async function settle(): Promise<void> {
  await server.running.realtime?.engine.settle();
  await server.running.realtime?.worker.runOnce();
}

async function lead(id: string) {
  const reader = await server.running.store.readConn.runAndReadAll(
    `SELECT owner, status, epoch_ms(sla_due_at), epoch_ms(contacted_at), epoch_ms(breached_at), escalated_to
     FROM leads WHERE entity_id = $1`,
    [id],
  );
  const [owner, status, due, contacted, breached, escalatedTo] = reader.getRows()[0] ?? [];
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { owner, status, due: n(due), contacted: n(contacted), breached: n(breached), escalatedTo };
}

beforeAll(async () => {
  sales = await startLocalServer((_q, r) => r.writeHead(200).end('ok'));
  managers = await startLocalServer((_q, r) => r.writeHead(200).end('ok'));
  process.env.FLOW_SALES_URL = `${sales.url}/sales`;
  process.env.FLOW_MANAGERS_URL = `${managers.url}/managers`;
  const definition = join(dir.path, 'kindling.yml');
  writeFileSync(definition, `${readFileSync('examples/team-plan-pql.yml', 'utf8')}\n${ROUTING}`);
  server = await startTestServer({ definition, now: () => clock });
  const dnc = await server.admin('/api/suppressions', {
    method: 'POST',
    body: { value: 'acct-dnc.example.com', reason: 'asked not to be contacted' },
  });
  expect(dnc.status).toBeLessThan(300);
  for (const account of ['acct-one', 'acct-two', 'acct-dnc']) {
    expect((await server.send('/v1/batch', burningBatch(account, clock))).status).toBe(200);
  }
  await settle();
});

afterAll(async () => {
  await server?.stop();
  await sales?.close();
  await managers?.close();
  dir.remove();
});

describe('routing in the running server', () => {
  it('assigns burning accounts round robin in the team, with the 4-hour SLA', async () => {
    const one = await lead('acct-one');
    const two = await lead('acct-two');
    expect(new Set([one.owner, two.owner])).toEqual(new Set(['maya@vendor.example', 'jonas@vendor.example']));
    expect(one).toMatchObject({ status: 'open', due: T0 + 4 * H });
    // Slack takes about one message a second per channel and allows short bursts: both go at once.
    expect(sales.requests).toHaveLength(2);
    expect(sales.requests.map((r) => r.body).join()).toMatch(/Maya Reed|Jonas Berg/);
  });

  it('records a do-not-contact account as suppressed, with the reason, and sends nothing', async () => {
    const rows = await server.running.store.readConn.runAndReadAll(
      `SELECT status, reason FROM qualifications WHERE entity_id = 'acct-dnc' AND kind = 'qualified'`,
    );
    expect(rows.getRows()).toEqual([['suppressed', 'do-not-contact']]);
    expect(sales.requests.map((r) => r.body).join()).not.toContain('acct-dnc');
    expect((await lead('acct-dnc')).status).toBe('suppressed');
  });

  it('stops the SLA clock on a contacted outcome', async () => {
    clock = T0 + H;
    const reply = await server.admin('/api/outcomes', {
      method: 'POST',
      body: { entity_id: 'acct-one', type: 'contacted' },
    });
    expect(reply.status).toBe(201);
    await settle();
    expect(await lead('acct-one')).toMatchObject({ status: 'contacted', contacted: T0 + H });
  });

  it('marks a breach when the SLA passes untouched and escalates to the next AE and the managers', async () => {
    const before = await lead('acct-two');
    clock = T0 + 5 * H;
    await server.running.realtime?.engine.sweepNow();
    await server.running.realtime?.worker.runOnce();
    const two = await lead('acct-two');
    expect(two.breached).toBe(T0 + 5 * H);
    expect(two.owner).not.toBe(before.owner);
    expect(two.escalatedTo).toBe(two.owner);
    expect(managers.requests).toHaveLength(1);
    expect(managers.requests[0]?.body).toContain('Company acct-two');
    // The escalation says so first, with the missed due time and the new owner, and its next
    // action is a sentence for that person, not the routing's arithmetic.
    const header = JSON.parse(String(managers.requests[0]?.body)).blocks[0].text.text;
    expect(header).toMatch(
      /^⏰ SLA missed: Company acct-two was due 2026-04-14 13:00 UTC, now reassigned to (Maya Reed|Jonas Berg) \(ae\)$/,
    );
    expect(managers.requests[0]?.body).toContain(
      'today: the lead is yours now and its first contact is overdue.',
    );
    expect(managers.requests[0]?.body).not.toMatch(/round robin|open lead/);
    expect((await lead('acct-one')).breached).toBeNull();
  });
});
