/**
 * The outbox's port (`OutboxStore`), its digests and its failure incidents, the same on every
 * storage back end; and, on PostgreSQL, two nodes claiming from one outbox at once.
 */
import { afterEach, expect, it } from 'vitest';
import type { Alert } from '../../src/deliver/alert.ts';
import { createLogDestination, logConfigSchema } from '../../src/deliver/destinations/log.ts';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import {
  destinationState,
  latestIncident,
  openIncident,
  setIncidentTime,
  unannounced,
} from '../../src/outbox/delivery-incidents.ts';
import { sendDueDigests } from '../../src/outbox/digest-sender.ts';
import { enqueueDeliveries } from '../../src/outbox/enqueue-deliveries.ts';
import type { DeliveryRecord } from '../../src/outbox/outbox-store.ts';
import { SqlOutboxStore } from '../../src/outbox/sql-outbox-store.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const LEASE = 60_000;
const FAILED = { status: 503, detail: 'HTTP 503' };

describeEachBackend('outbox store', (open, backend) => {
  let db: TestDatabase | undefined;
  let clock = T0;
  afterEach(async () => {
    await db?.close();
    db = undefined;
    clock = T0;
  });

  const outbox = async (node = 'node-a') => {
    db = await open();
    return new SqlOutboxStore(db.database.client, () => clock, node);
  };
  /** The client the outbox under test writes through: another node over the same handle. */
  const shared = (): SqlClient => {
    if (db === undefined) throw new Error('open the outbox first');
    return db.database.client;
  };
  const alertIds = (records: readonly DeliveryRecord[]) => records.map((d) => d.alertId);
  const alert = (id: string, entityId = 'u_1', workspaceId = 'ws'): Alert =>
    sampleAlert({ id, entityId, workspaceId });

  it('enqueues one delivery per alert and destination, once, due now, with a stable key', async () => {
    const store = await outbox();
    const a = alert('q_1');
    expect(await store.enqueue(a, ['hook', 'slack', 'hook'])).toHaveLength(2);
    expect(await store.enqueue(a, ['hook', 'slack'])).toEqual([]);
    const records = await store.list();
    expect(records.map((d) => d.idempotencyKey).sort()).toEqual(['q_1:hook', 'q_1:slack']);
    expect(records[0]).toMatchObject({
      workspaceId: 'ws',
      alertId: 'q_1',
      entityId: 'u_1',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      lastStatus: null,
      lastDetail: null,
      createdAt: T0,
      updatedAt: T0,
      deliveredAt: null,
      alert: a,
    });
    const [first] = records;
    expect(first === undefined ? null : await store.get(first.id)).toEqual(first);
    expect(await store.get('dlv_missing')).toBeNull();
  });

  it('enqueues a fresh alert with a plain insert; a clash fails instead of skipping', async () => {
    const store = await outbox();
    const fresh = await enqueueDeliveries(shared(), alert('q_new'), ['hook', 'slack', 'hook'], T0, {
      fresh: true,
    });
    expect(fresh).toHaveLength(2);
    expect((await store.list()).map((d) => d.id).sort()).toEqual([...fresh].sort());
    await expect(
      enqueueDeliveries(shared(), alert('q_new'), ['hook'], T0, { fresh: true }),
    ).rejects.toThrow();
    expect(await enqueueDeliveries(shared(), alert('q_new'), ['hook'], T0)).toEqual([]);
    expect(await store.list()).toHaveLength(2);
  });

  it('claims only the head of each entity and destination, oldest first, once per lease', async () => {
    const store = await outbox();
    await store.enqueue(alert('q_a1', 'a'), ['hook']);
    await store.enqueue(alert('q_a2', 'a'), ['hook', 'slack']);
    await store.enqueue(alert('q_b1', 'b'), ['hook']);
    await store.enqueue(alert('q_a3', 'a', 'other-ws'), ['hook']);
    const claimed = await store.claim(T0, 10, LEASE);
    expect(claimed.map((d) => `${d.alertId}>${d.destination}`)).toEqual([
      'q_a1>hook',
      'q_a2>slack',
      'q_b1>hook',
      'q_a3>hook',
    ]);
    expect(await store.claim(T0, 10, LEASE)).toEqual([]);
    expect(alertIds(await store.claim(T0, 1, LEASE))).toEqual([]);
    const [a1] = claimed;
    if (a1 === undefined) throw new Error('nothing claimed');
    // A retry keeps its place: the next alert of the entity waits behind it.
    expect(await store.markRetry(a1.id, T0 + 5_000, FAILED)).toBe(true);
    expect(await store.claim(T0 + 4_999, 10, LEASE)).toEqual([]);
    expect(alertIds(await store.claim(T0 + 5_000, 10, LEASE))).toEqual(['q_a1']);
    expect(await store.markDelivered(a1.id, { status: 200, detail: null })).toBe(true);
    expect(alertIds(await store.claim(T0 + 5_000, 10, LEASE))).toEqual(['q_a2']);
  });

  it('records retries, dead letters and deliveries, counting attempts, for the claimant only', async () => {
    const store = await outbox();
    const [retried, died, sent] = [
      ...(await store.enqueue(alert('q_r', 'r'), ['hook'])),
      ...(await store.enqueue(alert('q_d', 'd'), ['hook'])),
      ...(await store.enqueue(alert('q_s', 's'), ['hook'])),
    ];
    if (retried === undefined || died === undefined || sent === undefined) throw new Error('not enqueued');
    // Unclaimed: nobody's outcome to record.
    expect(await store.markDelivered(sent, { status: 200, detail: null })).toBe(false);
    await store.claim(T0, 10, LEASE);
    const other = new SqlOutboxStore(shared(), () => clock, 'node-b');
    expect(await other.markDelivered(sent, { status: 200, detail: null })).toBe(false);
    clock = T0 + 1_000;
    expect(await store.markRetry(retried, T0 + 9_000, FAILED)).toBe(true);
    expect(await store.markDead(died, { status: 400, detail: 'HTTP 400: bad field' })).toBe(true);
    expect(await store.markDelivered(sent, { status: 200, detail: '{"ok":true}' })).toBe(true);
    expect(await store.markDelivered(sent, { status: 200, detail: null })).toBe(false);
    expect(await store.get(retried)).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: T0 + 9_000,
      lastStatus: 503,
      lastDetail: 'HTTP 503',
      updatedAt: T0 + 1_000,
    });
    expect(await store.get(died)).toMatchObject({
      status: 'dead',
      attempts: 1,
      nextAttemptAt: null,
      lastStatus: 400,
      deliveredAt: null,
    });
    expect(await store.get(sent)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      nextAttemptAt: null,
      lastDetail: '{"ok":true}',
      deliveredAt: T0 + 1_000,
    });
    await store.claim(T0 + 9_000, 10, LEASE);
    expect(await store.markRetry(retried, T0 + 20_000, FAILED)).toBe(true);
    expect((await store.get(retried))?.attempts).toBe(2);
  });

  it("gives back a dead process's claims on request, leaving finished deliveries alone", async () => {
    const store = await outbox();
    const [held, done] = [
      ...(await store.enqueue(alert('q_h', 'h'), ['hook'])),
      ...(await store.enqueue(alert('q_f', 'f'), ['hook'])),
    ];
    if (held === undefined || done === undefined) throw new Error('not enqueued');
    await store.claim(T0, 10, LEASE);
    expect(await store.markDelivered(done, { status: 200, detail: null })).toBe(true);
    // A new process on the same store: the claim still holds, so nothing is claimable until it ends.
    const next = new SqlOutboxStore(shared(), () => clock, 'node-b');
    expect(await next.claim(T0 + 1_000, 10, LEASE)).toEqual([]);
    expect(await next.releaseAbandoned()).toBe(1);
    expect(alertIds(await next.claim(T0 + 1_000, 10, LEASE))).toEqual(['q_h']);
    expect(await store.get(done)).toMatchObject({ status: 'delivered' });
    expect(await next.releaseAbandoned()).toBe(1);
    expect(await next.releaseAbandoned()).toBe(0);
  });

  it('defers and rate-limits without spending an attempt', async () => {
    const store = await outbox();
    const [id] = await store.enqueue(alert('q_1'), ['hook']);
    if (id === undefined) throw new Error('not enqueued');
    await store.claim(T0, 10, LEASE);
    expect(await store.defer(id, T0 + 2_000)).toBe(true);
    expect(await store.get(id)).toMatchObject({ attempts: 0, nextAttemptAt: T0 + 2_000, lastStatus: null });
    expect(await store.defer(id, T0 + 3_000)).toBe(false);
    expect(await store.nextDueAt()).toBe(T0 + 2_000);
    await store.claim(T0 + 2_000, 10, LEASE);
    clock = T0 + 2_000;
    expect(await store.markRateLimited(id, T0 + 7_000, { status: 429, detail: 'HTTP 429' })).toBe(true);
    expect(await store.get(id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0 + 7_000,
      lastStatus: 429,
      lastDetail: 'HTTP 429',
      updatedAt: T0 + 2_000,
    });
    expect(await store.claim(T0 + 6_999, 10, LEASE)).toEqual([]);
    expect(await store.claim(T0 + 7_000, 10, LEASE)).toHaveLength(1);
  });

  it('replays a dead letter: pending, due now, attempts reset, the reason kept', async () => {
    const store = await outbox();
    const [id] = await store.enqueue(alert('q_1'), ['hook']);
    const [fine] = await store.enqueue(alert('q_2', 'u_2'), ['hook']);
    if (id === undefined || fine === undefined) throw new Error('not enqueued');
    await store.claim(T0, 10, LEASE);
    await store.markDead(id, { status: 400, detail: 'HTTP 400' });
    await store.markDelivered(fine, { status: 200, detail: null });
    expect(await store.replay('dlv_missing')).toEqual({ ok: false, error: 'not-found' });
    expect(await store.replay(fine)).toEqual({ ok: false, error: 'not-dead' });
    clock = T0 + 60_000;
    const replayed = await store.replay(id);
    expect(replayed.ok && replayed.value).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0 + 60_000,
      lastStatus: 400,
      lastDetail: 'HTTP 400',
    });
    expect((await store.claim(T0 + 60_000, 10, LEASE)).map((d) => d.id)).toEqual([id]);
  });

  it('lists newest first, by workspace, only failures, within a limit', async () => {
    const store = await outbox();
    await store.enqueue(alert('q_1', 'u_1'), ['hook']);
    await store.enqueue(alert('q_2', 'u_2'), ['hook']);
    await store.enqueue(alert('q_3', 'u_3', 'ws-b'), ['hook']);
    const [one, two] = await store.claim(T0, 10, LEASE);
    if (one === undefined || two === undefined) throw new Error('not claimed');
    await store.markRetry(one.id, T0 + 1_000, FAILED);
    await store.markDelivered(two.id, { status: 200, detail: null });
    expect(alertIds(await store.list())).toEqual(['q_3', 'q_2', 'q_1']);
    expect(alertIds(await store.list({ limit: 2 }))).toEqual(['q_3', 'q_2']);
    expect(alertIds(await store.list({ workspaceId: 'ws-b' }))).toEqual(['q_3']);
    expect(alertIds(await store.list({ failed: true }))).toEqual(['q_1']);
    expect(alertIds(await store.list({ failed: true, workspaceId: 'ws-b' }))).toEqual([]);
  });

  it('reports health per destination: counts, last success, latest outstanding failure', async () => {
    const store = await outbox();
    await store.enqueue(alert('q_1', 'u_1'), ['hook', 'slack']);
    await store.enqueue(alert('q_2', 'u_2'), ['hook']);
    await store.enqueue(alert('q_3', 'u_3', 'ws-b'), ['hook']);
    const claimed = await store.claim(T0, 10, LEASE);
    const id = (alertId: string, destination: string) =>
      claimed.find((d) => d.alertId === alertId && d.destination === destination)?.id ?? '';
    clock = T0 + 1_000;
    await store.markDelivered(id('q_1', 'hook'), { status: 200, detail: null });
    await store.markDelivered(id('q_1', 'slack'), { status: 200, detail: null });
    clock = T0 + 2_000;
    await store.markRetry(id('q_2', 'hook'), T0 + 9_000, FAILED);
    clock = T0 + 3_000;
    await store.markDead(id('q_3', 'hook'), { status: 400, detail: 'HTTP 400' });
    expect(await store.health()).toEqual([
      {
        destination: 'hook',
        delivered: 1,
        pending: 1,
        dead: 1,
        lastSuccessAt: T0 + 1_000,
        lastFailure: { at: T0 + 3_000, status: 400, detail: 'HTTP 400' },
      },
      {
        destination: 'slack',
        delivered: 1,
        pending: 0,
        dead: 0,
        lastSuccessAt: T0 + 1_000,
        lastFailure: null,
      },
    ]);
    expect((await store.health('ws'))[0]).toEqual({
      destination: 'hook',
      delivered: 1,
      pending: 1,
      dead: 0,
      lastSuccessAt: T0 + 1_000,
      lastFailure: { at: T0 + 2_000, status: 503, detail: 'HTTP 503' },
    });
    expect(await store.health('nobody')).toEqual([]);
  });

  it('keeps digest rows out of the queue; they go out together when their digest is due', async () => {
    const store = await outbox();
    const client = shared();
    const nine = T0 + 3_600_000;
    for (const id of ['q_1', 'q_2']) {
      await enqueueDeliveries(client, alert(id, id), ['daily'], T0, { status: 'digest', dueAt: nine });
    }
    await store.enqueue(alert('q_3', 'q_1'), ['daily']);
    // Digest rows neither go to the worker nor hold back the entity's next alert.
    expect(alertIds(await store.claim(nine + 1, 10, LEASE))).toEqual(['q_3']);
    const printed: string[] = [];
    const log = createLogDestination('daily', logConfigSchema.parse({ kind: 'log' }), {
      env: {},
      now: () => nine,
      stdout: { write: (text: string) => printed.push(text) },
    });
    if (!log.ok) throw new Error('the log destination builds');
    const destinations = new Map([['daily', log.value]]);
    expect(await sendDueDigests(client, destinations, nine - 1)).toEqual([]);
    expect(await sendDueDigests(client, destinations, nine)).toEqual([
      { destination: 'daily', workspaceId: 'ws', alerts: 2, outcome: 'delivered' },
    ]);
    expect(printed).toHaveLength(1);
    const digests = (await store.list()).filter((d) => d.alertId !== 'q_3');
    expect(digests.map((d) => [d.status, d.attempts, d.deliveredAt])).toEqual([
      ['delivered', 1, nine],
      ['delivered', 1, nine],
    ]);
    expect(await sendDueDigests(client, destinations, nine + 60_000)).toEqual([]);
  });

  it('lets another node take a claim once its lease is over; the first then records nothing', async () => {
    const a = await outbox('node-a');
    const b = new SqlOutboxStore(shared(), () => clock, 'node-b');
    await a.enqueue(alert('q_1'), ['hook']);
    const [held] = await a.claim(T0, 10, 1_000);
    if (held === undefined) throw new Error('not claimed');
    expect(await a.nextDueAt()).toBe(T0 + 1_000);
    expect(await b.claim(T0 + 999, 10, LEASE)).toEqual([]);
    // Renewed in time, it holds on.
    expect(await a.renew([held.id, 'dlv_missing'], T0 + 2_000)).toEqual([held.id]);
    expect(await b.claim(T0 + 1_999, 10, LEASE)).toEqual([]);
    expect((await b.claim(T0 + 2_000, 10, LEASE)).map((d) => d.id)).toEqual([held.id]);
    expect(await a.renew([held.id], T0 + 5_000)).toEqual([]);
    expect(await a.markDelivered(held.id, { status: 200, detail: null })).toBe(false);
    expect(await b.markDelivered(held.id, { status: 200, detail: null })).toBe(true);
    expect((await a.get(held.id))?.attempts).toBe(1);
  });

  it('takes back a released claim at once, and only the claimant can release it', async () => {
    const a = await outbox('node-a');
    const b = new SqlOutboxStore(shared(), () => clock, 'node-b');
    await a.enqueue(alert('q_1'), ['hook']);
    const [held] = await a.claim(T0, 10, LEASE);
    if (held === undefined) throw new Error('not claimed');
    await b.release([held.id]);
    expect(await b.claim(T0, 10, LEASE)).toEqual([]);
    await a.release([held.id]);
    expect((await b.claim(T0, 10, LEASE)).map((d) => d.id)).toEqual([held.id]);
  });

  it('keeps failure incidents and reads a destination state', async () => {
    const store = await outbox();
    const client = shared();
    await store.enqueue(alert('q_1', 'u_1'), ['hook']);
    await store.enqueue(alert('q_2', 'u_2'), ['hook']);
    const [one, two] = await store.claim(T0, 10, LEASE);
    if (one === undefined || two === undefined) throw new Error('not claimed');
    clock = T0 + 1_000;
    await store.markDelivered(one.id, { status: 200, detail: null });
    clock = T0 + 2_000;
    await store.markDead(two.id, { status: 410, detail: 'HTTP 410' });
    expect(await destinationState(client, 'hook')).toEqual({
      lastSuccessAt: T0 + 1_000,
      lastDeadAt: T0 + 2_000,
      failingSince: null,
      deadLetters: 1,
      pending: 0,
      lastStatus: 410,
      lastDetail: 'HTTP 410',
    });
    expect(await latestIncident(client, 'hook')).toBeNull();
    await openIncident(client, {
      destination: 'hook',
      alertTo: 'ops',
      reason: 'dead-letter',
      since: T0 + 2_000,
      lastStatus: 410,
      lastDetail: 'HTTP 410',
      openedAt: T0 + 3_000,
    });
    const [incident] = await unannounced(client);
    expect(incident).toMatchObject({ destination: 'hook', since: T0 + 2_000, notifiedAt: null });
    if (incident === undefined) throw new Error('no incident');
    await setIncidentTime(client, incident.id, 'notified_at', T0 + 4_000);
    expect(await unannounced(client)).toEqual([]);
    expect(await latestIncident(client, 'hook')).toMatchObject({ notifiedAt: T0 + 4_000, recoveredAt: null });
  });

  if (backend === 'postgres') {
    it('never lets two racing nodes claim one delivery, and keeps each entity in order', async () => {
      const a = await outbox('node-a');
      const second = await (db as TestDatabase).reopen();
      try {
        const b = new SqlOutboxStore(second.database.client, () => clock, 'node-b');
        const entities = 12;
        const perEntity = 6;
        for (let n = 0; n < perEntity; n++) {
          for (let e = 0; e < entities; e++) await a.enqueue(alert(`q_${e}_${n}`, `u_${e}`), ['hook']);
        }
        const claims: { node: string; alertId: string }[] = [];
        const drain = async (store: SqlOutboxStore) => {
          for (let idle = 0; idle < 3; ) {
            const batch = await store.claim(T0, 5, LEASE);
            idle = batch.length === 0 ? idle + 1 : 0;
            for (const d of batch) claims.push({ node: store.node, alertId: d.alertId });
            for (const d of batch) {
              expect(await store.markDelivered(d.id, { status: 200, detail: null })).toBe(true);
            }
          }
        };
        // Two claimers per node, four at once on one schema.
        await Promise.all([drain(a), drain(a), drain(b), drain(b)]);
        const claimed = claims.map((c) => c.alertId);
        expect(new Set(claimed).size).toBe(claimed.length);
        expect(claimed).toHaveLength(entities * perEntity);
        for (let e = 0; e < entities; e++) {
          const order = claimed.filter((id) => id.startsWith(`q_${e}_`));
          expect(order).toEqual(Array.from({ length: perEntity }, (_, n) => `q_${e}_${n}`));
        }
        expect((await a.health())[0]).toMatchObject({ delivered: entities * perEntity, pending: 0 });
      } finally {
        await second.close();
      }
    });

    it('sends each digest alert once when two nodes send due digests at once', async () => {
      await outbox('node-a');
      const second = await (db as TestDatabase).reopen();
      try {
        const nine = T0 + 3_600_000;
        for (let n = 0; n < 30; n++) {
          const workspace = `ws_${n % 3}`;
          await enqueueDeliveries(shared(), alert(`q_${n}`, `u_${n}`, workspace), ['daily'], T0, {
            status: 'digest',
            dueAt: nine,
          });
        }
        const sent: string[] = [];
        const log = createLogDestination('daily', logConfigSchema.parse({ kind: 'log' }), {
          env: {},
          stdout: { write: () => true },
        });
        if (!log.ok) throw new Error('the log destination builds');
        const counting = {
          ...log.value,
          sendDigest: (alerts: readonly Alert[]) => {
            sent.push(...alerts.map((a) => a.id));
            return log.value.sendDigest(alerts, { idempotencyKey: 'k', attempt: 1 });
          },
        };
        const destinations = new Map([['daily', counting]]);
        await Promise.all([
          sendDueDigests(shared(), destinations, nine, 'node-a'),
          sendDueDigests(second.database.client, destinations, nine, 'node-b'),
          sendDueDigests(shared(), destinations, nine, 'node-a'),
        ]);
        expect(sent.sort()).toEqual(Array.from({ length: 30 }, (_, n) => `q_${n}`).sort());
        expect((await new SqlOutboxStore(shared()).health())[0]).toMatchObject({ delivered: 30 });
      } finally {
        await second.close();
      }
    });

    it('splits one outbox between racing nodes, and lets the other node retake claims whose lease ended', async () => {
      const a = await outbox('node-a');
      const second = await (db as TestDatabase).reopen();
      try {
        const b = new SqlOutboxStore(second.database.client, () => clock, 'node-b');
        for (let e = 0; e < 40; e++) await a.enqueue(alert(`q_${e}`, `u_${e}`), ['hook']);
        const [fromA, fromB] = await Promise.all([a.claim(T0, 40, 1_000), b.claim(T0, 40, 1_000)]);
        const first = [...fromA, ...fromB].map((d) => d.id);
        expect(new Set(first).size).toBe(40);
        expect(first).toHaveLength(40);
        expect(fromA.length).toBeGreaterThan(0);
        // Within the lease nobody retakes anything; after it, node B takes all, node A's included.
        const [earlyA, earlyB] = await Promise.all([
          a.claim(T0 + 999, 40, LEASE),
          b.claim(T0 + 999, 40, LEASE),
        ]);
        expect([...earlyA, ...earlyB]).toEqual([]);
        const retaken = await b.claim(T0 + 1_000, 40, LEASE);
        expect(retaken.map((d) => d.id).sort()).toEqual([...first].sort());
        for (const d of fromA) {
          expect(await a.markDelivered(d.id, { status: 200, detail: null })).toBe(false);
        }
        for (const d of retaken) {
          expect(await b.markDelivered(d.id, { status: 200, detail: null })).toBe(true);
        }
        expect((await a.health())[0]).toMatchObject({ delivered: 40, pending: 0 });
      } finally {
        await second.close();
      }
    });
  }
});
