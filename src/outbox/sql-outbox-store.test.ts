import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { sampleAlert } from '../deliver/test-support/sample-alert.ts';
import type { SqlSession } from '../lib/sql-client.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { SqlOutboxStore } from './sql-outbox-store.ts';

let dir: ReturnType<typeof tempDir>;
let store: DuckDbStore;
let session: SqlSession;
let outbox: SqlOutboxStore;
let clock = Date.UTC(2026, 0, 1);
const LEASE = 60_000;

beforeEach(async () => {
  dir = tempDir('kindling-outbox-');
  store = await DuckDbStore.open(dir.path);
  session = await store.database.session();
  outbox = new SqlOutboxStore(session, () => clock);
});

afterEach(async () => {
  await session.close();
  await store.close();
  dir.remove();
});

describe('the outbox in a data directory', () => {
  it('enqueues one pending delivery per destination, once, with a stable idempotency key', async () => {
    const alert = sampleAlert({ id: 'q_1' });
    const ids = await outbox.enqueue(alert, ['hook', 'slack', 'hook']);
    expect(ids).toHaveLength(2);
    expect(await outbox.enqueue(alert, ['hook'])).toEqual([]);
    const [record] = await outbox.list();
    expect(record?.status).toBe('pending');
    expect(record?.attempts).toBe(0);
    expect(record?.nextAttemptAt).toBe(clock);
    expect(record?.alert).toEqual(alert);
    const keys = (await outbox.list()).map((d) => d.idempotencyKey).sort();
    expect(keys).toEqual(['q_1:hook', 'q_1:slack']);
  });

  it('returns only the earliest pending delivery per entity and destination', async () => {
    await outbox.enqueue(sampleAlert({ id: 'q_a1', entityId: 'a' }), ['hook']);
    await outbox.enqueue(sampleAlert({ id: 'q_a2', entityId: 'a' }), ['hook']);
    await outbox.enqueue(sampleAlert({ id: 'q_b1', entityId: 'b' }), ['hook']);
    const due = await outbox.claim(clock, 10, LEASE);
    expect(due.map((d) => d.alertId)).toEqual(['q_a1', 'q_b1']);
    const first = due[0];
    if (first === undefined) throw new Error('nothing due');
    await outbox.markRetry(first.id, clock + 5000, { status: 503, detail: 'HTTP 503' });
    // The retry of q_a1 still blocks q_a2: order per entity wins over being due. q_b1 is claimed.
    expect(await outbox.claim(clock, 10, LEASE)).toEqual([]);
    expect(await outbox.nextDueAt()).toBe(clock + 5000);
    expect((await outbox.claim(clock + 5000, 10, LEASE)).map((d) => d.alertId)).toEqual(['q_a1']);
    await outbox.markDelivered(first.id, { status: 200, detail: null });
    expect((await outbox.claim(clock + 5000, 10, LEASE)).map((d) => d.alertId)).toEqual(['q_a2']);
  });

  it('dead-letters, lists failures, replays, and reports health per destination', async () => {
    const [id] = await outbox.enqueue(sampleAlert({ id: 'q_x' }), ['hook']);
    const [okId] = await outbox.enqueue(sampleAlert({ id: 'q_y', entityId: 'other' }), ['hook']);
    if (id === undefined || okId === undefined) throw new Error('not enqueued');
    clock += 1000;
    await outbox.claim(clock, 10, LEASE);
    await outbox.markDelivered(okId, { status: 200, detail: null });
    await outbox.markDead(id, { status: 400, detail: 'HTTP 400: bad field' });
    expect((await outbox.list({ failed: true })).map((d) => d.id)).toEqual([id]);
    expect(await outbox.replay(okId)).toEqual({ ok: false, error: 'not-dead' });
    expect(await outbox.replay('dlv_missing')).toEqual({ ok: false, error: 'not-found' });
    const [health] = await outbox.health();
    expect(health).toEqual({
      destination: 'hook',
      delivered: 1,
      pending: 0,
      dead: 1,
      lastSuccessAt: clock,
      lastFailure: { at: clock, status: 400, detail: 'HTTP 400: bad field' },
    });
    clock += 1000;
    const replayed = await outbox.replay(id);
    expect(replayed.ok && replayed.value).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: clock,
    });
    expect((await outbox.claim(clock, 10, LEASE)).map((d) => d.id)).toEqual([id]);
  });
});
