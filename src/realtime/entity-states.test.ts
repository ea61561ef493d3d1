import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { type EntityState, loadStates, saveStates } from './entity-states.ts';

const dir = tempDir();
let store: DuckDbStore;
const T0 = Date.UTC(2026, 5, 1);
const key = { workspaceId: 'ws', version: 'v1', entityType: 'user' };

beforeAll(async () => {
  store = await DuckDbStore.open(dir.path);
});

afterAll(async () => {
  await store.close();
  dir.remove();
});

const state = (score: number, tier: string | null, tierSince: number): EntityState => ({
  score,
  tier,
  handRaiser: score > 50,
  gatesPass: tier !== null,
  tierSince,
});

describe('entity states', () => {
  it('round-trips thousands of states, null tiers included, and replaces on a second save', async () => {
    const many = new Map(Array.from({ length: 3000 }, (_, n) => [`u${n}`, state(n % 80, 'warm', T0 + n)]));
    many.set('no-tier', state(0.5, null, T0));
    await saveStates(store.readConn, key, T0, many);
    await saveStates(store.readConn, key, T0 + 1000, new Map([['u7', state(70, 'hot', T0 + 1000)]]));
    const loaded = await loadStates(store.readConn, 'ws', 'v1');
    expect(loaded?.size).toBe(3001);
    expect(loaded?.get('no-tier')).toEqual(state(0.5, null, T0));
    expect(loaded?.get('u2999')).toEqual(state(2999 % 80, 'warm', T0 + 2999));
    expect(loaded?.get('u7')).toEqual(state(70, 'hot', T0 + 1000));
  });

  it('saves nothing for an empty map', async () => {
    await saveStates(store.readConn, { ...key, version: 'v2' }, T0, new Map());
    expect(await loadStates(store.readConn, 'ws', 'v2')).toBeNull();
  });
});
