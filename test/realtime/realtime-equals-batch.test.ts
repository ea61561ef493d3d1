/**
 * Real time equals batch: a generated fixture streamed through the server's collector in many
 * batches leaves every entity's live state (entity_states) equal to `kindling score` (the compiled
 * SQL over the whole store) and to the reference evaluator at the same as_of, and the recorded
 * qualifications replay to each entity's final tier, each with a receipt that agrees with it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreStored } from '../../src/app/score-service.ts';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import { loadDefinitionFile } from '../../src/definition/load-definition.ts';
import { DAY_MS } from '../../src/demo/demo-options.ts';
import { generateDemo } from '../../src/demo/generate-demo.ts';
import { tierRank } from '../../src/realtime/tier-transition.ts';
import { scoreAll } from '../../src/score/reference/evaluate.ts';
import { readDataset } from '../../src/store/read-dataset.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// The demo definition with its `log` destination written into a scratch folder, not the checkout.
const scratch = tempDir();
const DEFINITION = join(scratch.path, 'seed-003-accounts.yml');
writeFileSync(
  DEFINITION,
  readFileSync('examples/demo/seed-003-accounts.yml', 'utf8').replace(
    'path: demo-alerts.ndjson',
    `path: ${JSON.stringify(join(scratch.path, 'demo-alerts.ndjson'))}`,
  ),
);
const END = Date.UTC(2026, 2, 1);
const AS_OF = END + 3_600_000;
let clock = AS_OF;

let server: TestServer;
let ir: DefinitionIR;

beforeAll(async () => {
  const loaded = await loadDefinitionFile(DEFINITION);
  if (loaded.ir === null) throw new Error('the demo definition must load');
  ir = loaded.ir;
  server = await startTestServer({ definition: DEFINITION, now: () => clock });
  const demo = generateDemo({ users: 90, accounts: 18, days: 30, seed: 11, endAt: END });
  const messages = [...demo.messages()];
  expect(messages.length).toBeGreaterThan(2000);
  // Streamed as a client would: many small batches, several in flight at once.
  const batches: unknown[][] = [];
  for (let i = 0; i < messages.length; i += 150) batches.push(messages.slice(i, i + 150));
  for (let i = 0; i < batches.length; i += 3) {
    const replies = await Promise.all(
      batches.slice(i, i + 3).map((batch) => server.send('/v1/batch', { batch })),
    );
    for (const reply of replies) expect(reply.status).toBe(200);
  }
  await server.running.realtime?.engine.settle();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  scratch.remove();
});

async function batchScores(asOf: number) {
  const batch = await scoreStored(server.running.store, ir, {
    workspaceId: 'default',
    asOf,
    options: { domainAccounts: false },
  });
  if (!batch.ok) throw new Error(batch.error.message);
  return batch.value;
}

async function liveStates(): Promise<Map<string, { score: number; tier: string | null }>> {
  const reader = await server.running.store.readConn.runAndReadAll(
    "SELECT entity_id, score, tier FROM entity_states WHERE workspace_id = 'default'",
  );
  return new Map(
    reader
      .getRows()
      .map(([id, score, tier]) => [
        String(id),
        { score: Number(score), tier: tier === null ? null : String(tier) },
      ]),
  );
}

describe('real-time scoring equals batch scoring', () => {
  it('leaves every entity with the score and tier that kindling score and the reference give', async () => {
    const store = server.running.store;
    const batch = { value: await batchScores(AS_OF) };
    const data = await readDataset(store.database.client, 'default', { kind: 'workspace' });
    const reference = scoreAll(ir, data, AS_OF);
    const live = await liveStates();
    expect(batch.value.length).toBe(18);
    expect(live.size).toBe(batch.value.length);
    for (const expected of batch.value) {
      expect(live.get(expected.entityId), expected.entityId).toEqual({
        score: expected.score,
        tier: expected.tier,
      });
    }
    expect(reference.map((s) => [s.entityId, s.score, s.tier])).toEqual(
      batch.value.map((s) => [s.entityId, s.score, s.tier]),
    );
    // The fixture must exercise qualification, not only cold accounts.
    expect(batch.value.filter((s) => tierRank(ir, s.tier) > 0).length).toBeGreaterThan(3);
  });

  it('records qualifications that replay to each entity’s final tier, each with an agreeing receipt', async () => {
    const reader = await server.running.store.readConn.runAndReadAll(
      `SELECT entity_id, kind, tier, score, receipt FROM qualifications WHERE workspace_id = 'default' ORDER BY seq`,
    );
    const last = new Map<string, string | null>();
    for (const [id, kind, tier, score, receipt] of reader.getRows()) {
      last.set(String(id), tier === null ? null : String(tier));
      if (kind === 'qualified') {
        const parsed = JSON.parse(String(receipt)) as { score: number; tier: string | null };
        expect({ score: parsed.score, tier: parsed.tier }).toEqual({ score: Number(score), tier });
      }
    }
    const live = await liveStates();
    expect([...last.values()].filter((tier) => tierRank(ir, tier) > 0).length).toBeGreaterThan(3);
    for (const [id, state] of live) {
      if (tierRank(ir, state.tier) > 0) expect(last.get(id), id).toBe(state.tier);
      else if (last.has(id)) expect(tierRank(ir, last.get(id) ?? null), id).toBe(0);
    }
    expect(server.running.realtime?.engine.stats.failures).toBe(0);
  });

  it('applies time-driven changes on a sweep without new events, recording downgrades', async () => {
    const engine = server.running.realtime?.engine;
    const before = engine?.stats.downgrades ?? 0;
    clock = AS_OF + 20 * DAY_MS; // recency decays and 7-day windows empty
    await engine?.sweepNow();
    const live = await liveStates();
    for (const expected of await batchScores(clock)) {
      expect(live.get(expected.entityId), expected.entityId).toEqual({
        score: expected.score,
        tier: expected.tier,
      });
    }
    expect(engine?.stats.downgrades ?? 0).toBeGreaterThan(before);
    const reader = await server.running.store.readConn.runAndReadAll(
      `SELECT count(*) FROM qualifications WHERE kind = 'downgraded' AND status = 'recorded'`,
    );
    expect(Number(reader.getRows()[0]?.[0])).toBe(engine?.stats.downgrades);
  });
});
