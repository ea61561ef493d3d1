/**
 * Delivery workers on several nodes share one outbox: each delivery reaches the receiver once, in
 * order per entity; a slow send keeps its claim by renewing it; a stopped worker gives its claims
 * back at once. Two workers with their own node ids stand for two nodes (on PostgreSQL, over two
 * handles on one schema).
 */
import type { ServerResponse } from 'node:http';
import { expect, it } from 'vitest';
import { replyJson, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import { createDeliveryWorker } from '../../src/outbox/delivery-worker.ts';
import { SqlOutboxStore } from '../../src/outbox/sql-outbox-store.ts';
import { describeEachBackend } from '../support/backends.ts';
import { until } from '../support/until.ts';
import { closedAfterEach, HOOK, seen, webhookTo } from './outbox-harness.ts';

describeEachBackend('delivery workers on several nodes', (open) => {
  const opened = closedAfterEach();

  /** Two nodes' outboxes over one database, and the first node's client. */
  const twoNodes = async () => {
    const first = opened.database(await open());
    const second = opened.database(await first.reopen());
    return [
      new SqlOutboxStore(first.database.client, Date.now, 'node-a'),
      new SqlOutboxStore(second.database.client, Date.now, 'node-b'),
      first.database.client,
    ] as const;
  };

  const start = (outbox: SqlOutboxStore, url: string, leaseMs = 60_000) => {
    const worker = createDeliveryWorker({
      outbox,
      destinations: webhookTo(url),
      pollMs: 50,
      leaseMs,
      concurrency: 3,
      batchSize: 5,
    });
    opened.worker(worker).start();
    return worker;
  };

  it('delivers every alert once, in order per entity, whichever node sends it', async () => {
    const [a, b] = await twoNodes();
    const receiver = opened.server(
      await startLocalServer((_request, response) => replyJson(response, 200, {})),
    );
    const entities = 6;
    const perEntity = 5;
    for (let n = 0; n < perEntity; n++) {
      for (let e = 0; e < entities; e++) {
        await a.enqueue(sampleAlert({ id: `q_${e}_${n}`, entityId: `u_${e}` }), [HOOK]);
      }
    }
    start(a, receiver.url);
    start(b, receiver.url);
    await until(async () => (await a.health())[0]?.delivered === entities * perEntity, 'every delivery');
    const requests = receiver.requests.map(seen);
    expect(requests.map((r) => r.alertId).sort()).toEqual(
      Array.from(
        { length: entities * perEntity },
        (_, i) => `q_${i % entities}_${Math.floor(i / entities)}`,
      ).sort(),
    );
    for (let e = 0; e < entities; e++) {
      const order = requests.filter((r) => r.entityId === `u_${e}`).map((r) => r.alertId);
      expect(order).toEqual(Array.from({ length: perEntity }, (_, n) => `q_${e}_${n}`));
    }
  });

  it('renews the claim of a slow send, so no other node takes it meanwhile', async () => {
    const [a, b, client] = await twoNodes();
    const held: ServerResponse[] = [];
    const server = opened.server(await startLocalServer((_request, response) => held.push(response)));
    const [id] = await a.enqueue(sampleAlert({ id: 'q_slow' }), [HOOK]);
    const leaseMs = 600;
    start(a, server.url, leaseMs);
    await until(() => held.length === 1, 'the request');
    // The claim's end as first taken; the worker then renews it while the send waits.
    const claimedUntil = async () => {
      const [row] = await client.query<{ claimed_until: number | null }>(
        'SELECT claimed_until FROM deliveries WHERE id = $1',
        [id ?? ''],
      );
      return row?.claimed_until ?? null;
    };
    const first = await claimedUntil();
    expect(first).not.toBeNull();
    // Renewed past two more lease lengths: the first claim would have lapsed, and b still finds nothing.
    await until(async () => ((await claimedUntil()) ?? 0) >= (first ?? 0) + 2 * leaseMs, 'renewals');
    expect(await b.claim(Date.now(), 10, leaseMs)).toEqual([]);
    for (const response of held) replyJson(response, 200, {});
    await until(async () => (await a.get(id ?? ''))?.status === 'delivered', 'the delivery');
    expect(server.requests).toHaveLength(1);
    expect((await a.get(id ?? ''))?.attempts).toBe(1);
  });

  it('gives its claims back when stopped, so another node sends them at once', async () => {
    const [a, b] = await twoNodes();
    const held: ServerResponse[] = [];
    const server = opened.server(await startLocalServer((_request, response) => held.push(response)));
    const [id] = await a.enqueue(sampleAlert({ id: 'q_1' }), [HOOK]);
    const worker = start(a, server.url);
    await until(() => held.length === 1, 'the request');
    await worker.stop();
    // Well inside the 60 s lease: released, not expired.
    const [taken] = await b.claim(Date.now(), 10, 60_000);
    expect(taken).toMatchObject({ id, attempts: 0, status: 'pending' });
    for (const response of held) response.destroy();
  });
});
