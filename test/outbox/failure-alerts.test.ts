/**
 * Delivery failure alerts (issue 11): a destination that dead-letters, or fails for longer than its
 * `on_failure.after`, alerts the named destination once per incident, and once when it recovers;
 * across a restart, and through a failure of the alert destination itself. Real local receivers;
 * time is the worker's and the monitor's injected clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDestinations, type DestinationsConfig } from '../../src/deliver/destinations/index.ts';
import type { RetrySchedule } from '../../src/deliver/retry-schedule.ts';
import {
  type LocalServer,
  type RecordedRequest,
  replyJson,
  startLocalServer,
} from '../../src/deliver/test-support/local-http-server.ts';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import { createDeliveryWorker } from '../../src/outbox/delivery-worker.ts';
import { createFailureMonitor, failureWatches } from '../../src/outbox/failure-monitor.ts';
import { tempDir } from '../support/temp-dir.ts';
import { type OpenOutbox, openOutbox } from './outbox-harness.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1, 9);
const SCHEDULE: RetrySchedule = {
  delaysMs: [0, 10 * MINUTE, 10 * MINUTE, 10 * MINUTE, 10 * MINUTE, 10 * MINUTE],
  jitter: 0,
  maxRetryAfterMs: MINUTE,
  rateLimitedForMs: MINUTE,
  rateLimitDelayMs: MINUTE,
};
const SECRET = `whsec_${Buffer.from('failure-alerts-test-signing-key!').toString('base64')}`;

let dir: ReturnType<typeof tempDir>;
let opened: OpenOutbox;
let servers: LocalServer[] = [];
let clock = T0;

beforeEach(async () => {
  clock = T0;
  dir = tempDir('kindling-failure-alerts-');
  opened = await openOutbox(dir.path, () => clock);
});

afterEach(async () => {
  for (const server of servers) await server.close();
  servers = [];
  await opened.close();
  dir.remove();
});

/** A receiver answering whatever `status()` says at the time. */
async function receiver(status: () => number) {
  const server = await startLocalServer((_request, response) => replyJson(response, status(), {}));
  servers.push(server);
  return server;
}

async function setUp(crmStatus: () => number, opsStatus: () => number) {
  const crm = await receiver(crmStatus);
  const ops = await receiver(opsStatus);
  const configs: DestinationsConfig = {
    'crm-hook': {
      kind: 'webhook',
      url_env: 'CRM_URL',
      secret_env: 'SECRET',
      timeout_ms: 5000,
      allow_private_network: true,
      on_failure: { alert: 'ops', after: '30m' },
    },
    ops: { kind: 'slack', webhook_url_env: 'OPS_URL', timeout_ms: 5000, allow_private_network: true },
  };
  const created = createDestinations(configs, {
    env: { CRM_URL: `${crm.url}/hook`, OPS_URL: `${ops.url}/services/T/B/X`, SECRET },
    now: () => clock,
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const destinations = created.value;
  const worker = createDeliveryWorker({
    outbox: opened.outbox,
    destinations,
    schedule: SCHEDULE,
    now: () => clock,
    rng: () => 0.5,
  });
  const problems: string[] = [];
  const monitor = async () =>
    createFailureMonitor({
      db: await opened.store.database.session(),
      destinations,
      watches: failureWatches(configs),
      now: () => clock,
      onError: (message) => problems.push(message),
    });
  return { crm, ops, worker, monitor, problems };
}

const texts = (requests: readonly RecordedRequest[]) =>
  requests.map((r) => (JSON.parse(r.body) as { text: string }).text);

describe('delivery failure alerts', () => {
  it('announces a dead letter once, and the recovery once', async () => {
    let crmStatus = 400;
    const { ops, worker, monitor } = await setUp(
      () => crmStatus,
      () => 200,
    );
    const watch = await monitor();
    await opened.outbox.enqueue(sampleAlert({ id: 'q_1', entityId: 'u_1' }), ['crm-hook']);
    await worker.runOnce();
    await watch.check();
    expect(texts(ops.requests)).toHaveLength(1);
    expect(texts(ops.requests)[0]).toContain(
      'A delivery to crm-hook became a dead letter at 2026-01-01 09:00 UTC',
    );
    expect(texts(ops.requests)[0]).toContain('Last answer: 400 HTTP 400');
    for (const minutes of [1, 2, 3]) {
      clock = T0 + minutes * MINUTE;
      await watch.check();
    }
    expect(ops.requests).toHaveLength(1);

    crmStatus = 200;
    await opened.outbox.enqueue(sampleAlert({ id: 'q_2', entityId: 'u_2' }), ['crm-hook']);
    await worker.runOnce();
    await watch.check();
    await watch.check();
    expect(texts(ops.requests)).toHaveLength(2);
    expect(texts(ops.requests)[1]).toContain(
      'Deliveries to crm-hook succeed again since 2026-01-01 09:03 UTC',
    );
    expect(texts(ops.requests)[1]).toContain('1 dead letter and 0 deliveries pending');
    const keys = ops.requests.map((r) => String(r.headers['idempotency-key']));
    expect(keys[0]).toMatch(/^inc_[0-9a-f]+:failing$/);
    expect(keys[1]).toBe(keys[0]?.replace(':failing', ':recovered'));
  });

  it('announces failures that last longer than `after`, once, across a restart and an outage of the alert destination', async () => {
    let crmStatus = 503;
    let opsStatus = 500;
    const { ops, worker, monitor, problems } = await setUp(
      () => crmStatus,
      () => opsStatus,
    );
    const first = await monitor();
    await opened.outbox.enqueue(sampleAlert({ id: 'q_1', entityId: 'u_1' }), ['crm-hook']);
    for (const minutes of [0, 10, 20]) {
      clock = T0 + minutes * MINUTE;
      await worker.runOnce();
      await first.check();
    }
    expect(ops.requests).toHaveLength(0);
    clock = T0 + 30 * MINUTE;
    await worker.runOnce();
    // Failing for 30 minutes: the incident opens, but the alert destination is down too.
    await first.check();
    expect(ops.requests).toHaveLength(1);
    expect(problems).toHaveLength(1);

    // A restart: a new monitor finds the incident and sends the notice it still owes, once.
    opsStatus = 200;
    clock = T0 + 31 * MINUTE;
    const second = await monitor();
    await second.check();
    await second.check();
    expect(ops.requests).toHaveLength(2);
    expect(texts(ops.requests)[1]).toContain('have been failing since 2026-01-01 09:00 UTC');
    expect(texts(ops.requests)[1]).toContain('0 dead letters and 1 delivery pending');

    crmStatus = 200;
    clock = T0 + 40 * MINUTE;
    await worker.runOnce();
    await second.check();
    await second.check();
    expect(ops.requests).toHaveLength(3);
    expect(texts(ops.requests)[2]).toContain('succeed again since 2026-01-01 09:40 UTC');
  });
});
