/**
 * A digest whose receiver answers 429 waits for its Retry-After without spending an attempt (issue
 * 15: rate limiting is not failure), where it used to burn DIGEST_ATTEMPTS tries and dead-letter
 * the whole digest. Other failures still count, and wait at least the receiver's Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { createSlackDestination, slackConfigSchema } from '../deliver/destinations/slack.ts';
import { type LocalServer, replyJson, startLocalServer } from '../deliver/test-support/local-http-server.ts';
import { sampleAlert } from '../deliver/test-support/sample-alert.ts';
import { DuckDbClient } from '../store/duckdb/duckdb-client.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { DIGEST_ATTEMPTS, DIGEST_RETRY_MS, sendDueDigests } from './digest-sender.ts';
import { enqueueDeliveries } from './enqueue-deliveries.ts';

const T0 = Date.UTC(2026, 4, 4, 7, 0, 0);
const NINE = Date.UTC(2026, 4, 4, 9, 0, 0);
const dir = tempDir();
let store: DuckDbStore;
let receiver: LocalServer;
let answer: { status: number; retryAfter: string | null } = { status: 429, retryAfter: '2' };

beforeAll(async () => {
  receiver = await startLocalServer((_request, response) =>
    replyJson(
      response,
      answer.status,
      {},
      answer.retryAfter === null ? {} : { 'retry-after': answer.retryAfter },
    ),
  );
  store = await DuckDbStore.open(dir.path);
  await enqueueDeliveries(
    new DuckDbClient(store.readConn),
    sampleAlert({ id: 'q_digest' }),
    ['sales-slack'],
    T0,
    {
      status: 'digest',
      dueAt: NINE,
    },
  );
});

afterAll(async () => {
  await store.close();
  await receiver.close();
  dir.remove();
});

const destinations = () => {
  const slack = createSlackDestination(
    'sales-slack',
    slackConfigSchema.parse({ kind: 'slack', webhook_url_env: 'U', allow_private_network: true }),
    { env: { U: `${receiver.url}/slack` } },
  );
  if (!slack.ok) throw new Error('the Slack destination builds');
  return new Map([['sales-slack', slack.value]]);
};

const row = async () => {
  const rows = (
    await store.readConn.runAndReadAll(
      "SELECT status, attempts, epoch_ms(next_attempt_at) FROM deliveries WHERE destination = 'sales-slack'",
    )
  ).getRows();
  const [status, attempts, next] = rows[0] ?? [];
  return { status: String(status), attempts: Number(attempts), next: Number(next) };
};

describe('a rate-limited digest', () => {
  it('defers by Retry-After without spending an attempt, however many 429s come', async () => {
    let now = NINE;
    for (let n = 0; n < DIGEST_ATTEMPTS * 3; n++) {
      const [run] = await sendDueDigests(store.database.client, destinations(), now);
      expect(run?.outcome).toBe('retry');
      const after = await row();
      expect(after).toEqual({ status: 'digest', attempts: 0, next: now + 2000 });
      now = after.next;
    }
    expect(receiver.requests).toHaveLength(DIGEST_ATTEMPTS * 3);
  });

  it('counts other failures, waiting the longer of its own delay and Retry-After, then delivers', async () => {
    answer = { status: 503, retryAfter: String((DIGEST_RETRY_MS * 2) / 1000) };
    const { next } = await row();
    await sendDueDigests(store.database.client, destinations(), next);
    expect(await row()).toEqual({ status: 'digest', attempts: 1, next: next + DIGEST_RETRY_MS * 2 });
    answer = { status: 200, retryAfter: null };
    const [run] = await sendDueDigests(store.database.client, destinations(), next + DIGEST_RETRY_MS * 2);
    expect(run?.outcome).toBe('delivered');
    expect((await row()).status).toBe('delivered');
  });
});
