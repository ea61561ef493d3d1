/**
 * Durability: a 2xx means stored. Several concurrent senders stream batches; the server is SIGKILLed
 * mid-stream and restarted; every acknowledged messageId must be stored exactly once, and a sender
 * retrying after the crash (as SDKs do) must not create duplicates. What those events should cause
 * after a crash (qualifications, leads, alerts) is tested in test/realtime/crash-*.test.ts.
 */
import { DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { databaseFile } from '../../src/store/data-dir.ts';
import { spawnServer } from '../support/server-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { WRITE_KEY } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const SENDERS = 6;
const BATCH = 40;
const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;

function batchOf(sender: number, n: number) {
  return Array.from({ length: BATCH }, (_, i) => ({
    type: 'track',
    userId: `user-${sender}`,
    event: 'Crash Test',
    messageId: `s${sender}-b${n}-e${i}`,
    properties: { n, i },
  }));
}

async function sendUntilDown(url: string, sender: number, acked: string[]): Promise<void> {
  for (let n = 0; ; n++) {
    const batch = batchOf(sender, n);
    try {
      const res = await fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify({ batch }),
      });
      if (res.status !== 200) throw new Error(`unexpected ${res.status}`);
      await res.arrayBuffer();
      acked.push(...batch.map((e) => e.messageId));
    } catch {
      return; // the server is gone: whatever was not acknowledged may or may not be stored
    }
  }
}

async function storedCounts(
  dataDir: string,
  ids: string[],
): Promise<{ distinct: number; rows: number; total: number }> {
  const instance = await DuckDBInstance.create(databaseFile(dataDir));
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT count(DISTINCT message_id), count(*), (SELECT count(*) - count(DISTINCT message_id) FROM events)
       FROM events WHERE list_contains($1, message_id)`,
      [listValue(ids)],
      [LIST(VARCHAR)],
    );
    const [distinct, rows, extra] = reader.getRows()[0] ?? [];
    return { distinct: Number(distinct), rows: Number(rows), total: Number(extra) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('crash durability', () => {
  for (const round of [1, 2, 3]) {
    it(`round ${round}: every acknowledged event survives SIGKILL exactly once`, async () => {
      const dir = tempDir();
      try {
        const first = await spawnServer(dir.path);
        const acked: string[] = [];
        const senders = Array.from({ length: SENDERS }, (_, s) => sendUntilDown(first.url, s, acked));
        // Kill once enough is acknowledged (more each round, so the kill lands at another point),
        // not after a fixed sleep, which on a busy machine may see nothing acknowledged yet.
        const enough = SENDERS * BATCH * (1 + round);
        await until(() => acked.length > enough, `${enough} acknowledged messages`).catch(() => {
          // Kill anyway: the senders then end with whatever was acknowledged, and the round checks that.
        });
        first.child.kill('SIGKILL');
        expect(await first.exited).toBe('SIGKILL');
        await Promise.all(senders);
        expect(acked.length).toBeGreaterThan(SENDERS * BATCH);

        // Restart, and retry the last acknowledged batches as an SDK that missed the replies would.
        const second = await spawnServer(dir.path);
        const retry = acked
          .slice(-BATCH * 2)
          .map((messageId) => ({ type: 'track', userId: 'retry', event: 'Crash Test', messageId }));
        const res = await fetch(`${second.url}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: auth },
          body: JSON.stringify({ batch: retry }),
        });
        expect(await res.json()).toMatchObject({ stored: 0, duplicates: retry.length });
        second.child.kill('SIGTERM');
        await second.exited;

        const counts = await storedCounts(dir.path, acked);
        expect(counts.distinct).toBe(acked.length);
        expect(counts.rows).toBe(acked.length);
        expect(counts.total).toBe(0);
      } finally {
        dir.remove();
      }
    });
  }
});
