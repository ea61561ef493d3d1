import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { OutcomeRow } from '../store/store.ts';
import { applyTouches, markBreaches } from './lead-writes.ts';

const dir = tempDir();
let store: DuckDbStore;
const H = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);

async function openLead(id: string, slaDueAt: number | null, status = 'open'): Promise<void> {
  await store.readConn.run(
    `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, tier, score, status, sla_due_at,
       opened_at, updated_at, owner)
     VALUES ('ws', 'account', $1, 'q_' || $1, 'hot', 60, $2, make_timestamp($3::BIGINT * 1000),
       make_timestamp($4::BIGINT * 1000), make_timestamp($4::BIGINT * 1000), 'ae@example.com')`,
    [id, status, slaDueAt, T0],
  );
}

const outcome = (entityId: string, type: OutcomeRow['type'], timestamp: number): OutcomeRow => ({
  entityType: 'account',
  entityId,
  type,
  amount: null,
  owner: null,
  timestamp,
  source: 'api',
});

async function lead(id: string) {
  const reader = await store.readConn.runAndReadAll(
    `SELECT status, epoch_ms(contacted_at), epoch_ms(breached_at) FROM leads WHERE entity_id = $1`,
    [id],
  );
  const [status, contacted, breached] = reader.getRows()[0] ?? [];
  return {
    status,
    contacted: contacted === null ? null : Number(contacted),
    breached: breached === null ? null : Number(breached),
  };
}

beforeAll(async () => {
  store = await DuckDbStore.open(dir.path);
  await openLead('a', T0 + 4 * H);
  await openLead('b', T0 + 4 * H);
  await openLead('c', T0 + 24 * H);
  await openLead('d', T0 + H, 'suppressed');
});

afterAll(async () => {
  await store.close();
  dir.remove();
});

describe('lead follow-ups', () => {
  it('a contacted outcome stops the SLA clock; a non-touch outcome or an older touch does not', async () => {
    const changed = await applyTouches(store.database.client, 'ws', [
      outcome('a', 'contacted', T0 + H),
      outcome('b', 'churned', T0 + H),
      outcome('c', 'contacted', T0 - H),
    ]);
    expect(changed).toEqual([{ entityType: 'account', entityId: 'a' }]);
    expect(await lead('a')).toEqual({ status: 'contacted', contacted: T0 + H, breached: null });
    expect((await lead('b')).contacted).toBeNull();
    expect((await lead('c')).contacted).toBeNull();
    // A second touch keeps the first.
    await applyTouches(store.database.client, 'ws', [outcome('a', 'meeting', T0 + 2 * H)]);
    expect((await lead('a')).contacted).toBe(T0 + H);
  });

  it('marks open, untouched leads past their SLA as breached, once', async () => {
    const breached = await markBreaches(store.database.client, 'ws', T0 + 5 * H);
    expect(breached.map((l) => l.entityId)).toEqual(['b']);
    expect(breached[0]).toMatchObject({
      qualificationId: 'q_b',
      owner: 'ae@example.com',
      slaDueAt: T0 + 4 * H,
    });
    expect((await lead('b')).breached).toBe(T0 + 5 * H);
    expect(await markBreaches(store.database.client, 'ws', T0 + 6 * H)).toEqual([]);
    expect((await markBreaches(store.database.client, 'ws', T0 + 25 * H)).map((l) => l.entityId)).toEqual([
      'c',
    ]);
  });
});
