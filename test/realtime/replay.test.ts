import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreStored } from '../../src/app/score-service.ts';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import { loadDefinitionFile } from '../../src/definition/load-definition.ts';
import { DAY_MS } from '../../src/demo/demo-options.ts';
import { replayIntoStore } from '../../src/realtime/replay.ts';
import type { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { openDemoStore } from '../support/demo-store.ts';
import { tempDir } from '../support/temp-dir.ts';

const END = Date.UTC(2026, 0, 31);
const dir = tempDir();
let store: DuckDbStore;
let ir: DefinitionIR;

beforeAll(async () => {
  const loaded = await loadDefinitionFile('examples/demo/seed-003-accounts.yml');
  if (loaded.ir === null) throw new Error('the demo definition must load');
  ir = loaded.ir;
  store = await openDemoStore(dir.path, { users: 120, accounts: 24, days: 40, seed: 5, endAt: END });
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('replayIntoStore', () => {
  it('records history day by day as the live engine would, ending in the batch scores', async () => {
    const summary = await replayIntoStore(store, 'default', ir, {
      from: END - 30 * DAY_MS,
      to: END,
      stepMs: 2 * DAY_MS,
    });
    expect(summary.steps).toBe(16);
    expect(summary.qualifications).toBeGreaterThan(0);
    const rows = (
      await store.readConn.runAndReadAll(
        `SELECT count(*), count(DISTINCT as_of), min(epoch_ms(as_of)), max(epoch_ms(as_of)) FROM qualifications`,
      )
    ).getRows()[0];
    expect(Number(rows?.[0])).toBe(summary.qualifications + summary.downgrades);
    expect(Number(rows?.[1])).toBeGreaterThan(3); // spread over the period, not one day
    expect(Number(rows?.[2])).toBeGreaterThanOrEqual(END - 30 * DAY_MS);
    expect(Number(rows?.[3])).toBeLessThanOrEqual(END);
    const leads = (await store.readConn.runAndReadAll('SELECT count(*) FROM leads')).getRows()[0];
    expect(Number(leads?.[0])).toBeGreaterThan(0);

    const batch = await scoreStored(store, ir, {
      workspaceId: 'default',
      asOf: END,
      options: { domainAccounts: false },
    });
    if (!batch.ok) throw new Error(batch.error.message);
    const states = new Map(
      (await store.readConn.runAndReadAll('SELECT entity_id, score, tier FROM entity_states'))
        .getRows()
        .map(([id, score, tier]) => [
          String(id),
          { score: Number(score), tier: tier === null ? null : String(tier) },
        ]),
    );
    for (const s of batch.value)
      expect(states.get(s.entityId), s.entityId).toEqual({ score: s.score, tier: s.tier });
  }, 120_000);
});
