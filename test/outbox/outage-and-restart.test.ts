/**
 * Real time, a real receiver: a destination that fails (500s, then hangs past the timeout) and comes
 * back gets every alert exactly once, in order per entity; a restart resumes what was pending.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RetrySchedule } from '../../src/deliver/retry-schedule.ts';
import {
  type LocalServer,
  type RecordedRequest,
  replyJson,
  startLocalServer,
} from '../../src/deliver/test-support/local-http-server.ts';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/outbox/delivery-worker.ts';
import { tempDir } from '../support/temp-dir.ts';
import { HOOK, type OpenOutbox, openOutbox, seen, waitFor, webhookTo } from './outbox-harness.ts';

const FAST: RetrySchedule = {
  delaysMs: Array(60).fill(25),
  jitter: 0.2,
  maxRetryAfterMs: 1000,
  rateLimitedForMs: 1000,
  rateLimitDelayMs: 25,
};

let dir: ReturnType<typeof tempDir> | null = null;
let opened: OpenOutbox | null = null;
let server: LocalServer | null = null;
let worker: DeliveryWorker | null = null;

afterEach(async () => {
  await worker?.stop();
  await server?.close();
  await opened?.close();
  dir?.remove();
  worker = opened = server = dir = null;
});

type Mode = 'error' | 'hang' | 'ok';

/** Answers by the current mode; records which requests it accepted with a 2xx. */
async function flakyReceiver(mode: () => Mode) {
  const accepted: RecordedRequest[] = [];
  const modes = new Set<Mode>();
  const hook = await startLocalServer((request, response: ServerResponse) => {
    const now = mode();
    modes.add(now);
    if (now === 'hang') return; // never answered: the destination's timeout ends the attempt
    if (now === 'error') return replyJson(response, 500, { error: 'down' });
    accepted.push(request);
    replyJson(response, 200, { ok: true });
  });
  return { hook, accepted, modes };
}

function alerts(entities: readonly string[], perEntity: number) {
  return entities.flatMap((entityId) =>
    Array.from({ length: perEntity }, (_, n) => sampleAlert({ id: `q_${entityId}_${n}`, entityId })),
  );
}

async function allDelivered(o: OpenOutbox, count: number): Promise<boolean> {
  const list = await o.outbox.list({ limit: 1000 });
  return list.length === count && list.every((d) => d.status === 'delivered');
}

describe('outbox delivery through an outage and a restart', () => {
  it('delivers every alert once and in order per entity after 500s and timeouts', async () => {
    dir = tempDir('kindling-outbox-');
    const o = await openOutbox(dir.path);
    opened = o;
    // The outage is counted in requests, not in time, so a slow machine sees all of it.
    let requests = 0;
    const mode = (): Mode => {
      requests += 1;
      return requests <= 9 ? 'error' : requests <= 12 ? 'hang' : 'ok';
    };
    const { hook, accepted, modes } = await flakyReceiver(mode);
    server = hook;
    const sent = alerts(['u_1', 'u_2', 'u_3'], 3);
    for (const alert of sent) await o.outbox.enqueue(alert, [HOOK]);
    worker = createDeliveryWorker({
      outbox: o.outbox,
      destinations: webhookTo(hook.url, { timeoutMs: 5000, perSecond: 200 }),
      schedule: FAST,
      pollMs: 50,
    });
    worker.start();
    await waitFor(() => allDelivered(o, sent.length));
    expect([...modes]).toEqual(['error', 'hang', 'ok']);

    const received = accepted.map(seen);
    expect(received.map((r) => r.alertId).sort()).toEqual(sent.map((a) => a.id).sort());
    for (const entity of ['u_1', 'u_2', 'u_3']) {
      const order = received.filter((r) => r.entityId === entity).map((r) => r.alertId);
      expect(order).toEqual([0, 1, 2].map((n) => `q_${entity}_${n}`));
    }
    // Every request about an entity, failed or not, respects the order: none about a later alert
    // reached the receiver while an earlier one was still undelivered.
    for (const entity of ['u_1', 'u_2', 'u_3']) {
      const all = hook.requests.map(seen).filter((r) => r.entityId === entity);
      const indices = all.map((r) => Number(r.alertId.split('_').at(-1)));
      expect(indices).toEqual([...indices].sort((a, b) => a - b));
    }
    const first = (await o.outbox.list({ limit: 1000 })).find((d) => d.alertId === 'q_u_1_0');
    expect(first?.attempts).toBeGreaterThan(2);
    expect(
      new Set(
        hook.requests
          .map(seen)
          .filter((r) => r.alertId === 'q_u_1_0')
          .map((r) => r.key),
      ),
    ).toEqual(new Set(['q_u_1_0:crm-hook']));
    const [health] = await o.outbox.health();
    expect(health).toMatchObject({ delivered: 9, pending: 0, dead: 0, lastFailure: null });
  });

  it('resumes pending deliveries after a restart and delivers each once', async () => {
    dir = tempDir('kindling-outbox-');
    let mode: Mode = 'error';
    const { hook, accepted } = await flakyReceiver(() => mode);
    server = hook;
    const destinations = webhookTo(hook.url, { timeoutMs: 10_000 });
    const sent = alerts(['u_1', 'u_2'], 2);

    const before = await openOutbox(dir.path);
    for (const alert of sent) await before.outbox.enqueue(alert, [HOOK]);
    const first = createDeliveryWorker({ outbox: before.outbox, destinations, schedule: FAST });
    expect(await first.runOnce()).toBe(2);
    expect(accepted).toHaveLength(0);
    await before.close();

    mode = 'ok';
    const after = await openOutbox(dir.path);
    opened = after;
    const pending = await after.outbox.list();
    expect(pending.map((d) => [d.status, d.attempts]).sort()).toEqual([
      ['pending', 0],
      ['pending', 0],
      ['pending', 1],
      ['pending', 1],
    ]);
    worker = createDeliveryWorker({ outbox: after.outbox, destinations, schedule: FAST, pollMs: 50 });
    worker.start();
    await waitFor(() => allDelivered(after, sent.length));
    const received = accepted.map(seen);
    expect(received.map((r) => r.alertId).sort()).toEqual(sent.map((a) => a.id).sort());
    expect(received.filter((r) => r.alertId === 'q_u_1_0')).toEqual([
      { alertId: 'q_u_1_0', entityId: 'u_1', key: 'q_u_1_0:crm-hook', attempt: 2 },
    ]);
    expect(received.filter((r) => r.entityId === 'u_2').map((r) => r.alertId)).toEqual([
      'q_u_2_0',
      'q_u_2_1',
    ]);
  });

  it('stop() cancels an attempt in flight without counting it, and a missing destination dead-letters', async () => {
    dir = tempDir('kindling-outbox-');
    const o = await openOutbox(dir.path);
    opened = o;
    const { hook } = await flakyReceiver(() => 'hang');
    server = hook;
    const [hung] = await o.outbox.enqueue(sampleAlert({ id: 'q_hung' }), [HOOK]);
    const [orphan] = await o.outbox.enqueue(sampleAlert({ id: 'q_orphan' }), ['removed-hook']);
    worker = createDeliveryWorker({
      outbox: o.outbox,
      destinations: webhookTo(hook.url, { timeoutMs: 10_000 }),
      schedule: FAST,
    });
    worker.start();
    await waitFor(
      async () => hook.requests.length === 1 && (await o.outbox.get(orphan ?? ''))?.status === 'dead',
    );
    await worker.stop();
    expect(await o.outbox.get(hung ?? '')).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastStatus: null,
    });
    expect((await o.outbox.get(orphan ?? ''))?.lastDetail).toBe(
      'no destination named "removed-hook" is configured',
    );
  });
});
