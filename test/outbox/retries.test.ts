/** Retry-After, dead letters, replay, an exhausted schedule and pacing, driven pass by pass on a fake clock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from '../../src/deliver/retry-schedule.ts';
import {
  type LocalServer,
  replyJson,
  startLocalServer,
} from '../../src/deliver/test-support/local-http-server.ts';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import { createDeliveryWorker } from '../../src/outbox/delivery-worker.ts';
import { tempDir } from '../support/temp-dir.ts';
import { HOOK, type OpenOutbox, openOutbox, seen, webhookTo } from './outbox-harness.ts';

const SCHEDULE: RetrySchedule = {
  delaysMs: [0, 1000, 2000],
  jitter: 0,
  maxRetryAfterMs: 60_000,
  rateLimitedForMs: 30_000,
  rateLimitDelayMs: 5000,
};
const T0 = Date.UTC(2026, 0, 1, 9);

let dir: ReturnType<typeof tempDir>;
let opened: OpenOutbox;
let server: LocalServer | null = null;
let clock = T0;

beforeEach(async () => {
  clock = T0;
  dir = tempDir('kindling-outbox-');
  opened = await openOutbox(dir.path, () => clock);
});

afterEach(async () => {
  await server?.close();
  server = null;
  await opened.close();
  dir.remove();
});

/** A receiver answering `statuses` in turn (the last repeats), with a header for 429s. */
async function receiver(statuses: readonly number[], retryAfter = '7') {
  let index = 0;
  server = await startLocalServer((_request, response) => {
    const status = statuses[Math.min(index++, statuses.length - 1)] ?? 200;
    replyJson(response, status, { status }, status === 429 ? { 'retry-after': retryAfter } : {});
  });
  return server;
}

function worker(url: string, perSecond?: number, schedule = SCHEDULE) {
  return createDeliveryWorker({
    outbox: opened.outbox,
    destinations: webhookTo(url, perSecond === undefined ? {} : { perSecond }),
    schedule,
    now: () => clock,
    rng: () => 0.5,
  });
}

async function only(id: string | undefined) {
  const record = id === undefined ? null : await opened.outbox.get(id);
  if (record === null) throw new Error(`no delivery ${String(id)}`);
  return record;
}

describe('delivery worker retries', () => {
  it('honours a 429 Retry-After without spending an attempt: nothing is sent before it', async () => {
    const hook = await receiver([429, 200]);
    const [id] = await opened.outbox.enqueue(sampleAlert(), [HOOK]);
    const w = worker(hook.url);
    expect(await w.runOnce()).toBe(1);
    const waiting = await only(id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0, lastStatus: 429 });
    expect(waiting.nextAttemptAt).toBe(T0 + 7000);
    clock = T0 + 6999;
    expect(await w.runOnce()).toBe(0);
    expect(hook.requests).toHaveLength(1);
    clock = T0 + 7000;
    expect(await w.runOnce()).toBe(1);
    expect(await only(id)).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: T0 + 7000 });
    expect(hook.requests.map(seen).map((r) => [r.key, r.attempt])).toEqual([
      ['q_01HZX3:crm-hook', 1],
      ['q_01HZX3:crm-hook', 1],
    ]);
  });

  it('survives 40 s of 429s with Retry-After: 2 on the default schedule (issue 15)', async () => {
    let index = 0;
    server = await startLocalServer((_request, response) => {
      index += 1;
      if (clock < T0 + 40_000) replyJson(response, 429, { slow: 'down' }, { 'retry-after': '2' });
      else replyJson(response, 200, { ok: true });
    });
    const [id] = await opened.outbox.enqueue(sampleAlert(), [HOOK]);
    const w = worker(server.url, undefined, DEFAULT_RETRY_SCHEDULE);
    for (let pass = 0; pass < 100 && (await only(id)).status === 'pending'; pass++) {
      await w.runOnce();
      clock = (await opened.outbox.nextDueAt()) ?? clock;
    }
    expect(await only(id)).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: T0 + 40_000 });
    // One request every 2 s for 40 s, then the one that got through.
    expect(index).toBe(21);
    expect(new Set(server.requests.map((r) => seen(r).attempt))).toEqual(new Set([1]));
  });

  it('holds back other deliveries to a receiver that answered 429 until its Retry-After is over', async () => {
    const hook = await receiver([429, 200]);
    const [first] = await opened.outbox.enqueue(sampleAlert({ id: 'q_a', entityId: 'a' }), [HOOK]);
    const w = worker(hook.url);
    await w.runOnce();
    const [second] = await opened.outbox.enqueue(sampleAlert({ id: 'q_b', entityId: 'b' }), [HOOK]);
    clock = T0 + 3000;
    expect(await w.runOnce()).toBe(1);
    // Not sent: it waits for the same Retry-After (7 s), without spending an attempt.
    expect(hook.requests).toHaveLength(1);
    expect(await only(second)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T0 + 7000 });
    clock = T0 + 7000;
    await w.runOnce();
    expect((await only(first)).status).toBe('delivered');
    expect((await only(second)).status).toBe('delivered');
  });

  it('counts 429s as attempts once the delivery has been rate-limited for the cap, then dead-letters', async () => {
    const hook = await receiver([429], '1');
    const [id] = await opened.outbox.enqueue(sampleAlert(), [HOOK]);
    const w = worker(hook.url);
    for (let pass = 0; pass < 100 && (await only(id)).status === 'pending'; pass++) {
      await w.runOnce();
      clock = (await opened.outbox.nextDueAt()) ?? clock;
    }
    // Deferred every second for the 30 s cap, then the 3 attempts of the schedule (1 s, 2 s apart).
    expect(await only(id)).toMatchObject({ status: 'dead', attempts: 3, lastStatus: 429 });
    expect(hook.requests).toHaveLength(30 + 3);
  });

  it('waits the larger of the schedule and Retry-After when a receiver fails', async () => {
    let retryAfter = '0';
    server = await startLocalServer((_request, response) => {
      replyJson(response, 503, {}, { 'retry-after': retryAfter });
    });
    const [id] = await opened.outbox.enqueue(sampleAlert(), [HOOK]);
    const w = worker(server.url);
    await w.runOnce();
    // Retry-After: 0 does not shorten the schedule's 1 s.
    expect((await only(id)).nextAttemptAt).toBe(T0 + 1000);
    retryAfter = '9';
    clock = T0 + 1000;
    await w.runOnce();
    // Retry-After: 9 s is longer than the schedule's 2 s.
    expect(await only(id)).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 10_000 });
  });

  it('dead-letters a 400 at once with the response, and replay sends it again', async () => {
    const hook = await receiver([400, 200]);
    const [id] = await opened.outbox.enqueue(sampleAlert(), [HOOK]);
    const w = worker(hook.url);
    await w.runOnce();
    const deadLetter = await only(id);
    expect(deadLetter).toMatchObject({ status: 'dead', attempts: 1, lastStatus: 400, nextAttemptAt: null });
    expect(deadLetter.lastDetail).toContain('HTTP 400');
    expect((await opened.outbox.list({ failed: true })).map((d) => d.id)).toEqual([id]);
    clock += 60_000;
    expect(await w.runOnce()).toBe(0);
    const replayed = await opened.outbox.replay(deadLetter.id);
    expect(replayed.ok && replayed.value).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await w.runOnce()).toBe(1);
    expect(await only(id)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 });
    expect(hook.requests.map((r) => seen(r).attempt)).toEqual([1, 1]);
  });

  it('dead-letters after the schedule is spent, keeping the last response', async () => {
    const hook = await receiver([500, 502, 503]);
    const [id] = await opened.outbox.enqueue(sampleAlert(), [HOOK]);
    const w = worker(hook.url);
    await w.runOnce();
    expect((await only(id)).nextAttemptAt).toBe(T0 + 1000);
    clock = T0 + 1000;
    await w.runOnce();
    expect((await only(id)).nextAttemptAt).toBe(T0 + 3000);
    clock = T0 + 3000;
    await w.runOnce();
    expect(await only(id)).toMatchObject({ status: 'dead', attempts: 3, lastStatus: 503 });
    expect(hook.requests).toHaveLength(3);
    const [health] = await opened.outbox.health();
    expect(health).toMatchObject({ destination: HOOK, dead: 1, pending: 0, lastSuccessAt: null });
    expect(health?.lastFailure?.status).toBe(503);
  });

  it('paces sends with the rate limiter: a delivery over the limit waits without spending an attempt', async () => {
    const hook = await receiver([200]);
    await opened.outbox.enqueue(sampleAlert({ id: 'q_a', entityId: 'a' }), [HOOK]);
    const [later] = await opened.outbox.enqueue(sampleAlert({ id: 'q_b', entityId: 'b' }), [HOOK]);
    const w = worker(hook.url, 1);
    expect(await w.runOnce()).toBe(2);
    expect(hook.requests).toHaveLength(1);
    const deferred = await only(later);
    expect(deferred).toMatchObject({ status: 'pending', attempts: 0 });
    expect(deferred.nextAttemptAt).toBe(T0 + 1000);
    clock = T0 + 1000;
    await w.runOnce();
    expect(await only(later)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('sends replayed dead letters of one entity oldest first, whatever the order of replay', async () => {
    const hook = await receiver([400, 400, 400, 200]);
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      ids.push(...(await opened.outbox.enqueue(sampleAlert({ id: `q_${n}`, entityId: 'u_1' }), [HOOK])));
    }
    const w = worker(hook.url);
    for (let pass = 0; pass < 3; pass++) await w.runOnce();
    expect((await opened.outbox.list({ failed: true })).map((d) => d.status)).toEqual([
      'dead',
      'dead',
      'dead',
    ]);
    for (const id of [...ids].reverse()) {
      await opened.outbox.replay(id);
      clock += 1;
    }
    for (let pass = 0; pass < 3; pass++) expect(await w.runOnce()).toBe(1);
    expect(hook.requests.slice(3).map((r) => seen(r).alertId)).toEqual(['q_1', 'q_2', 'q_3']);
  });
});
