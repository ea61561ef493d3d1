/**
 * A worker woken while it claims (a pass committed a fresh alert after the claim looked) claims again
 * at once: looking up the next due time first would put one more statement between the commit and
 * the alert's arrival (issue 16: one alert in ten under the goal load met this). A worker with
 * nothing due polls with that look alone, and claims once something is due.
 */
import { expect, it } from 'vitest';
import { replyJson, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import { createDeliveryWorker } from '../../src/outbox/delivery-worker.ts';
import { describeEachBackend } from '../support/backends.ts';
import { until } from '../support/until.ts';
import { closedAfterEach, HOOK, seen, WatchedOutbox, webhookTo } from './outbox-harness.ts';

describeEachBackend('a delivery worker woken during its claim', (open) => {
  const opened = closedAfterEach();

  it('claims again before it looks for the next due time', async () => {
    const db = opened.database(await open());
    const outbox = new WatchedOutbox(db.database.client);
    const receiver = opened.server(
      await startLocalServer((_request, response) => replyJson(response, 200, {})),
    );
    // No poll within the test: only the wake can bring the alert.
    const started = opened.worker(
      createDeliveryWorker({ outbox, destinations: webhookTo(receiver.url), pollMs: 600_000 }),
    );
    // An alert committed while the first claim runs, and the engine's wake that follows it.
    outbox.during = async () => {
      await outbox.enqueue(sampleAlert({ id: 'q_fresh' }), [HOOK]);
      started.wake();
    };
    started.start();
    await until(() => receiver.requests.length === 1, 'the alert');
    expect(receiver.requests.map(seen).map((request) => request.alertId)).toEqual(['q_fresh']);
    expect(outbox.calls.slice(0, 2)).toEqual(['claim', 'claim']);
  });

  it('polls with reads only while nothing is due', async () => {
    const db = opened.database(await open());
    const outbox = new WatchedOutbox(db.database.client);
    const receiver = opened.server(
      await startLocalServer((_request, response) => replyJson(response, 200, {})),
    );
    opened
      .worker(createDeliveryWorker({ outbox, destinations: webhookTo(receiver.url), pollMs: 20 }))
      .start();
    await until(() => outbox.calls.length >= 6, 'five polls');
    const claims = () => outbox.calls.filter((call) => call === 'claim').length;
    expect(claims()).toBe(1); // the first pass, at start
    // Something due (enqueued without a wake) is claimed at the next poll.
    await outbox.enqueue(sampleAlert({ id: 'q_1' }), [HOOK]);
    await until(() => receiver.requests.length === 1, 'the delivery');
    expect(claims()).toBe(2);
  });
});
