/**
 * Deliveries claimed by their producer: a pass writes its alert's deliveries already claimed for its
 * node (`enqueueClaimedDeliveries` with `DeliveryWorker.claim()`) and hands them to the worker once it
 * commits (`sendClaimed`), so no claim statement stands between the commit and the send. Alerts
 * about one entity still go out in order, and a stopped worker gives a handed-over claim back.
 */
import type { ServerResponse } from 'node:http';
import { expect, it } from 'vitest';
import { replyJson, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import { createDeliveryWorker } from '../../src/outbox/delivery-worker.ts';
import { enqueueClaimedDeliveries } from '../../src/outbox/enqueue-deliveries.ts';
import { SqlOutboxStore } from '../../src/outbox/sql-outbox-store.ts';
import { describeEachBackend } from '../support/backends.ts';
import { until } from '../support/until.ts';
import { closedAfterEach, HOOK, seen, WatchedOutbox, webhookTo } from './outbox-harness.ts';

const OTHER = 'second-hook';
const HOUR = 3_600_000;

describeEachBackend('deliveries handed over by their producer', (open) => {
  const opened = closedAfterEach();

  const setUp = async () => {
    const db = opened.database(await open());
    const store = new WatchedOutbox(db.database.client, Date.now, 'node-a');
    const receiver = opened.server(
      await startLocalServer((_request, response) => replyJson(response, 200, {})),
    );
    const worker = opened.worker(
      createDeliveryWorker({ outbox: store, destinations: webhookTo(receiver.url), pollMs: HOUR }),
    );
    const claims = () => store.calls.filter((call) => call === 'claim').length;
    return { client: db.database.client, store, claims, receiver, worker };
  };

  it('sends what a transaction claimed for it, with no claim statement of its own', async () => {
    const { client, store, claims, receiver, worker } = await setUp();
    expect(worker.claim()).toBeNull(); // not running: deliveries are left to the queue
    worker.start();
    await until(() => store.calls.includes('nextDueAt'), 'the first pass and look');
    const claimsBefore = claims();
    const now = Date.now();
    const alert = sampleAlert({ id: 'q_1', entityId: 'u_1' });
    const claim = worker.claim();
    expect(claim).toMatchObject({ node: 'node-a' });
    const { ids, claimed } = await client.transaction((tx) =>
      enqueueClaimedDeliveries(tx, alert, [HOOK], now, claim ?? { node: '', until: 0 }),
    );
    expect(claimed.map((delivery) => delivery.id)).toEqual(ids);
    // The record handed over is the row as written, as the worker would have read it back.
    const [id] = ids;
    expect(claimed[0]).toEqual(await store.get(id ?? ''));
    // Claimed for this node: another node's claim does not take it.
    const other = new SqlOutboxStore(client, Date.now, 'node-b');
    expect(await other.claim(now + 1000, 10, 60_000)).toEqual([]);
    await worker.sendClaimed(claimed, HOUR);
    expect((await store.get(id ?? ''))?.status).toBe('delivered');
    expect(receiver.requests.map(seen)).toMatchObject([{ alertId: 'q_1', attempt: 1 }]);
    expect(claims()).toBe(claimsBefore);
  });

  it('claims only the deliveries whose entity has none waiting before them at their destination', async () => {
    const { client, store } = await setUp();
    const now = Date.now();
    // An earlier alert about u_1 still waits for the hook (its receiver is down, say).
    const [waiting] = await store.enqueue(sampleAlert({ id: 'q_0', entityId: 'u_1' }), [HOOK]);
    const claim = { node: 'node-a', until: now + 60_000 };
    const { ids, claimed } = await client.transaction((tx) =>
      enqueueClaimedDeliveries(tx, sampleAlert({ id: 'q_1', entityId: 'u_1' }), [HOOK, OTHER], now, claim),
    );
    expect(ids).toHaveLength(2);
    expect(claimed.map((delivery) => delivery.destination)).toEqual([OTHER]);
    // Another entity's alert to the hook is not held back by u_1's.
    const next = await client.transaction((tx) =>
      enqueueClaimedDeliveries(tx, sampleAlert({ id: 'q_2', entityId: 'u_2' }), [HOOK], now, claim),
    );
    expect(next.claimed).toHaveLength(1);
    // The queue's own claim takes u_1's head first; the second waits for it.
    const heads = await new SqlOutboxStore(client, Date.now, 'node-b').claim(now + 1000, 10, 60_000);
    expect(heads.map((delivery) => delivery.id)).toEqual([waiting]);
  });

  it('gives a handed-over claim back when it stops during the send', async () => {
    const db = opened.database(await open());
    const store = new SqlOutboxStore(db.database.client, Date.now, 'node-a');
    const held: ServerResponse[] = [];
    const server = opened.server(await startLocalServer((_request, response) => held.push(response)));
    const worker = opened.worker(
      createDeliveryWorker({ outbox: store, destinations: webhookTo(server.url), pollMs: HOUR }),
    );
    worker.start();
    const client = db.database.client;
    const claim = worker.claim() ?? { node: '', until: 0 };
    const { ids, claimed } = await client.transaction((tx) =>
      enqueueClaimedDeliveries(tx, sampleAlert({ id: 'q_1' }), [HOOK], Date.now(), claim),
    );
    void worker.sendClaimed(claimed, HOUR);
    await until(() => held.length === 1, 'the request');
    await worker.stop();
    expect(worker.claim()).toBeNull();
    // Well inside the lease: given back, not expired, and not counted as an attempt.
    const [taken] = await new SqlOutboxStore(client, Date.now, 'node-b').claim(Date.now(), 10, 60_000);
    expect(taken).toMatchObject({ id: ids[0], attempts: 0, status: 'pending' });
    for (const response of held) response.destroy();
  });
});
