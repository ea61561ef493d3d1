/** A data directory with an outbox, and a webhook destination pointed at a local server. */

import { afterEach } from 'vitest';
import type { Destination } from '../../src/deliver/destination.ts';
import { createDestinations } from '../../src/deliver/destinations/index.ts';
import type { LocalServer, RecordedRequest } from '../../src/deliver/test-support/local-http-server.ts';
import type { DeliveryWorker } from '../../src/outbox/delivery-worker.ts';
import type { DeliveryRecord } from '../../src/outbox/outbox-store.ts';
import { SqlOutboxStore } from '../../src/outbox/sql-outbox-store.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import type { TestDatabase } from '../support/backends.ts';

export const HOOK = 'crm-hook';
const SECRET = `whsec_${Buffer.from('outbox-test-signing-key-32-bytes').toString('base64')}`;

export function webhookTo(
  url: string,
  options: { timeoutMs?: number; perSecond?: number } = {},
): ReadonlyMap<string, Destination> {
  const created = createDestinations(
    {
      [HOOK]: {
        kind: 'webhook',
        url_env: 'HOOK_URL',
        secret_env: 'HOOK_SECRET',
        allow_private_network: true, // the receiver listens on 127.0.0.1
        timeout_ms: options.timeoutMs ?? 30_000,
        ...(options.perSecond === undefined
          ? {}
          : { rate_limit: { requests: options.perSecond, per_seconds: 1 } }),
      },
    },
    { env: { HOOK_URL: `${url}/hook`, HOOK_SECRET: SECRET } },
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

export interface OpenOutbox {
  readonly store: DuckDbStore;
  readonly outbox: SqlOutboxStore;
  close(): Promise<void>;
}

export async function openOutbox(dataDir: string, now: () => number = Date.now): Promise<OpenOutbox> {
  const store = await DuckDbStore.open(dataDir);
  const session = await store.database.session();
  return {
    store,
    outbox: new SqlOutboxStore(session, now),
    close: async () => {
      await session.close();
      await store.close();
    },
  };
}

/** What the receiver saw of one request: the alert id, its entity, the idempotency key, the attempt. */
export function seen(request: RecordedRequest) {
  const body: { data: { id: string; entityId: string } } = JSON.parse(request.body);
  return {
    alertId: body.data.id,
    entityId: body.data.entityId,
    key: String(request.headers['idempotency-key']),
    attempt: Number(request.headers['kindling-attempt']),
  };
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The store's own calls, in order; its first claim lets `during` run before it answers. */
export class WatchedOutbox extends SqlOutboxStore {
  readonly calls: string[] = [];
  during: (() => Promise<void>) | null = null;

  override async claim(now: number, limit: number, leaseMs: number): Promise<DeliveryRecord[]> {
    this.calls.push('claim');
    const claimed = await super.claim(now, limit, leaseMs);
    const during = this.during;
    this.during = null;
    await during?.();
    return claimed;
  }

  override nextDueAt(): Promise<number | null> {
    this.calls.push('nextDueAt');
    return super.nextDueAt();
  }
}

/**
 * Call in a `describe`: what its tests open and hand to these is stopped and closed after each
 * test — workers first (they write to the databases and send to the receivers), then receivers,
 * then databases, the last opened first. Each returns what it is given.
 */
export function closedAfterEach() {
  const workers: DeliveryWorker[] = [];
  const servers: LocalServer[] = [];
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    for (const server of servers.splice(0)) await server.close();
    for (const database of databases.splice(0).reverse()) await database.close();
  });
  const keep =
    <T>(list: T[]) =>
    <U extends T>(item: U): U => {
      list.push(item);
      return item;
    };
  return { worker: keep(workers), server: keep(servers), database: keep(databases) };
}
