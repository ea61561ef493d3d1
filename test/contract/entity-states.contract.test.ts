/** Entity states (`entity_states`): the engine's last score and tier per entity and version, on every back end. */
import { expect, it } from 'vitest';
import { clearStates, type EntityState, loadStates, saveStates } from '../../src/realtime/entity-states.ts';
import { databasesPerTest, describeEachBackend } from '../support/backends.ts';

const T0 = Date.UTC(2026, 5, 1);
const key = { workspaceId: 'ws', version: 'v1', entityType: 'user' };

const state = (score: number, tier: string | null, tierSince: number): EntityState => ({
  score,
  tier,
  handRaiser: score > 50,
  gatesPass: tier !== null,
  tierSince,
});

describeEachBackend('entity states', (open) => {
  const database = databasesPerTest(open);
  const client = async () => (await database()).database.client;

  it('round-trips thousands of states, null tiers and fractions included, and upserts on a second save', async () => {
    const c = await client();
    const many = new Map(Array.from({ length: 3000 }, (_, n) => [`u${n}`, state(n % 80, 'warm', T0 + n)]));
    many.set('no-tier', state(0.5, null, T0));
    many.set('fraction', state(1 / 3, 'tier with spaces', T0 + 7));
    await c.transaction((tx) => saveStates(tx, key, T0, many, new Set()));
    await saveStates(c, key, T0 + 1000, new Map([['u7', state(70, 'hot', T0 + 1000)]]), many);
    const loaded = await loadStates(c, 'ws', 'v1');
    expect(loaded?.size).toBe(3002);
    expect(loaded?.get('no-tier')).toEqual(state(0.5, null, T0));
    expect(loaded?.get('fraction')).toEqual(state(1 / 3, 'tier with spaces', T0 + 7));
    expect(loaded?.get('u2999')).toEqual(state(2999 % 80, 'warm', T0 + 2999));
    expect(loaded?.get('u7')).toEqual(state(70, 'hot', T0 + 1000));
    const [row] = await c.query<{ as_of: number }>(`SELECT as_of FROM entity_states WHERE entity_id = 'u7'`);
    expect(row?.as_of).toBe(T0 + 1000);
  });

  it('reads the states of a list of entities', async () => {
    const c = await client();
    await saveStates(
      c,
      key,
      T0,
      new Map([
        ['a', state(1, 'warm', T0)],
        ['b', state(2, null, T0)],
        ['c', state(3, 'hot', T0)],
      ]),
      new Set(),
    );
    const some = await loadStates(c, 'ws', 'v1', ['c', 'a', 'missing']);
    expect(some).toEqual(
      new Map([
        ['a', state(1, 'warm', T0)],
        ['c', state(3, 'hot', T0)],
      ]),
    );
    expect(await loadStates(c, 'ws', 'v1', ['missing'])).toBeNull();
    expect(await loadStates(c, 'ws', 'v1', [])).toBeNull();
  });

  it('keeps versions and workspaces apart, saves nothing for an empty map, and clears one version', async () => {
    const c = await client();
    const none = new Set<string>();
    await saveStates(c, key, T0, new Map([['a', state(1, 'warm', T0)]]), none);
    await saveStates(c, { ...key, version: 'v2' }, T0, new Map([['a', state(9, 'hot', T0)]]), none);
    await saveStates(c, { ...key, workspaceId: 'other' }, T0, new Map([['a', state(5, null, T0)]]), none);
    await saveStates(c, { ...key, version: 'v3' }, T0, new Map(), none);
    expect((await loadStates(c, 'ws', 'v1'))?.get('a')?.score).toBe(1);
    expect((await loadStates(c, 'ws', 'v2'))?.get('a')?.score).toBe(9);
    expect((await loadStates(c, 'other', 'v1'))?.get('a')?.score).toBe(5);
    expect(await loadStates(c, 'ws', 'v3')).toBeNull();
    await clearStates(c, 'ws', 'v1');
    expect(await loadStates(c, 'ws', 'v1')).toBeNull();
    expect(await loadStates(c, 'ws', 'v2')).not.toBeNull();
  });

  it('inserts the entities not recorded and upserts the others, in one save; a missed row fails it', async () => {
    const c = await client();
    await saveStates(c, key, T0, new Map([['old', state(10, 'warm', T0)]]), new Set());
    const recorded = new Set(['old']);
    await saveStates(
      c,
      key,
      T0 + 1,
      new Map([
        ['old', state(60, 'hot', T0 + 1)],
        ['new', state(20, 'warm', T0 + 1)],
      ]),
      recorded,
    );
    expect(await loadStates(c, 'ws', 'v1')).toEqual(
      new Map([
        ['old', state(60, 'hot', T0 + 1)],
        ['new', state(20, 'warm', T0 + 1)],
      ]),
    );
    // Told that 'new' has no row, the save inserts it without a conflict check, and fails whole.
    await expect(
      c.transaction((tx) =>
        saveStates(
          tx,
          key,
          T0 + 2,
          new Map([
            ['old', state(1, null, T0 + 2)],
            ['new', state(2, null, T0 + 2)],
          ]),
          recorded,
        ),
      ),
    ).rejects.toThrow();
    expect((await loadStates(c, 'ws', 'v1'))?.get('old')?.score).toBe(60);
  });
});
