import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import type { Destination } from '../deliver/destination.ts';
import { createEmailDestination, emailConfigSchema } from '../deliver/destinations/email.ts';
import { createWebhookDestination, webhookConfigSchema } from '../deliver/destinations/webhook.ts';
import { sampleAlert } from '../deliver/test-support/sample-alert.ts';
import { DuckDbClient } from '../store/duckdb/duckdb-client.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { sendDueDigests } from './digest-sender.ts';
import { enqueueDeliveries } from './enqueue-deliveries.ts';

const T0 = Date.UTC(2026, 4, 4, 7, 0, 0);
const NINE = Date.UTC(2026, 4, 4, 9, 0, 0);
const dir = tempDir();
const received: ParsedMail[] = [];
let smtp: SMTPServer;
let store: DuckDbStore;
const destinations = new Map<string, Destination>();

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  const config = emailConfigSchema.parse({
    kind: 'email',
    host: '127.0.0.1',
    port,
    from: 'alerts@kindling.example',
    to: ['nurture@vendor.example'],
    to_owner: false,
  });
  const mail = createEmailDestination('nurture-mail', config, { env: {}, now: () => NINE });
  // A webhook posts alerts one by one: it has no digest to send.
  const hook = createWebhookDestination(
    'crm-hook',
    webhookConfigSchema.parse({
      kind: 'webhook',
      url_env: 'U',
      secret_env: 'S',
      allow_private_network: true,
    }),
    { env: { U: 'http://127.0.0.1:9/never', S: `whsec_${Buffer.alloc(24, 7).toString('base64')}` } },
  );
  if (!mail.ok || !hook.ok) throw new Error('destinations must build');
  destinations.set('nurture-mail', mail.value).set('crm-hook', hook.value);
  store = await DuckDbStore.open(dir.path);
  const conn = store.readConn;
  for (const [n, id] of ['acme.example', 'globex.example', 'initech.example'].entries()) {
    const alert = sampleAlert({ id: `q_${n}`, entityId: id, company: id, tier: 'warm' });
    await enqueueDeliveries(new DuckDbClient(conn), alert, ['nurture-mail'], T0, {
      status: 'digest',
      dueAt: NINE,
    });
  }
  await enqueueDeliveries(new DuckDbClient(conn), sampleAlert({ id: 'q_hook' }), ['crm-hook'], T0, {
    status: 'digest',
    dueAt: NINE,
  });
});

afterAll(async () => {
  await store.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  dir.remove();
});

const statuses = async () =>
  (
    await store.readConn.runAndReadAll(
      'SELECT destination, status, count(*) FROM deliveries GROUP BY ALL ORDER BY ALL',
    )
  )
    .getRows()
    .map(([d, s, n]) => `${String(d)} ${String(s)} ${Number(n)}`);

describe('daily digests', () => {
  it('sends nothing before the digest time', async () => {
    expect(await sendDueDigests(store.database.client, destinations, NINE - 1)).toEqual([]);
    expect(received).toHaveLength(0);
  });

  it('sends one e-mail listing every waiting alert at the digest time, then marks them delivered', async () => {
    const runs = await sendDueDigests(store.database.client, destinations, NINE);
    expect(runs).toContainEqual({
      destination: 'nurture-mail',
      workspaceId: 'ws_default',
      alerts: 3,
      outcome: 'delivered',
    });
    expect(received).toHaveLength(1);
    for (const company of ['acme.example', 'globex.example', 'initech.example']) {
      expect(received[0]?.text).toContain(company);
    }
    expect(await statuses()).toContain('nurture-mail delivered 3');
  });

  it('dead-letters digests for a destination that cannot send them, with the reason', async () => {
    expect(await statuses()).toContain('crm-hook dead 1');
    const detail = await store.readConn.runAndReadAll(
      "SELECT last_detail FROM deliveries WHERE destination = 'crm-hook'",
    );
    expect(String(detail.getRows()[0]?.[0])).toContain('not a destination that sends digests');
    expect(await sendDueDigests(store.database.client, destinations, NINE + 60_000)).toEqual([]);
  });
});
