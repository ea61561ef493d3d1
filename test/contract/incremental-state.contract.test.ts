/** The incremental scorer's saved state (`incremental_rows`, `incremental_checkpoints`), on every back end. */
import { expect, it } from 'vitest';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import {
  clearRetiredVersions,
  clearState,
  loadUnits,
  lockCheckpoint,
  readCheckpoint,
  STATE_FORMAT,
  StaleStateError,
  saveState,
  unitsDueBy,
} from '../../src/realtime/incremental-state-store.ts';
import type { SavedUnit } from '../../src/score/incremental/state-units.ts';
import { databasesPerTest, describeEachBackend } from '../support/backends.ts';
import { until } from '../support/until.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const key = { workspaceId: 'ws', version: 'v1' };

const keyUnit = (name: string, nextChangeAt: number | null, exists = true): SavedUnit => ({
  id: `k:${name}`,
  unit: { kind: 'key', key: name, exists, cells: [], traits: [], link: null, groups: [] },
  nextChangeAt,
});

/** A save in a transaction of its own, as the engine makes one: its staging table is the connection's. */
const saveIn = (c: SqlClient, k: typeof key, change: Parameters<typeof saveState>[2]) =>
  c.transaction((tx) => saveState(tx, k, change));

describeEachBackend('incremental state', (open) => {
  const database = databasesPerTest(open);
  const client = async () => (await database()).database.client;

  it('saves units and a checkpoint together, and reads them back', async () => {
    const c = await client();
    expect(await readCheckpoint(c, key)).toBeNull();
    expect(await loadUnits(c, key)).toEqual([]);
    const units = [keyUnit('u1', T0 + 1000), keyUnit("o'brien", null), keyUnit('ü', T0 + 5000)];
    await c.transaction((tx) =>
      saveState(tx, key, { from: null, to: { throughSeq: 7, horizon: T0 }, units }),
    );
    expect(await readCheckpoint(c, key)).toEqual({ throughSeq: 7, horizon: T0 });
    const loaded = await loadUnits(c, key);
    expect(loaded).toHaveLength(3);
    expect(loaded).toEqual(expect.arrayContaining(units.map((saved) => saved.unit)));
    expect(await unitsDueBy(c, key, T0 + 1000)).toEqual(['k:u1']);
    expect(await unitsDueBy(c, key, T0 + 9000)).toEqual(['k:u1', 'k:ü']);
    expect(await readCheckpoint(c, { ...key, version: 'v2' })).toBeNull();
  });

  it('drops its staging table after each save, not just empties it (DuckDB kept the deleted rows in memory)', async () => {
    const c = await client();
    await c.transaction(async (tx) => {
      await saveState(tx, key, {
        from: null,
        to: { throughSeq: 1, horizon: T0 },
        units: [keyUnit('u1', null)],
      });
      await saveState(tx, key, { from: 1, to: { throughSeq: 2, horizon: T0 }, units: [keyUnit('u2', null)] });
      // The name is free again on this connection: the table is gone.
      await tx.run('CREATE TEMPORARY TABLE incremental_staging (probe INTEGER)');
      await tx.run('DROP TABLE incremental_staging');
    });
    expect(await loadUnits(c, key)).toHaveLength(2);
  });

  it('state saved under an older unit layout reads as none, and a rebuild replaces it', async () => {
    const c = await client();
    await saveIn(c, key, { from: null, to: { throughSeq: 5, horizon: T0 }, units: [keyUnit('u1', null)] });
    // Format 1: a layout no longer read (format 2, times as they are, still is).
    await c.run('UPDATE incremental_checkpoints SET state_format = 1');
    expect(await readCheckpoint(c, key)).toBeNull();
    expect(await c.transaction((tx) => lockCheckpoint(tx, key))).toBeNull();
    await saveIn(c, key, {
      from: null,
      to: { throughSeq: 6, horizon: T0 },
      units: [keyUnit('u2', null)],
      replace: true,
    });
    expect(await readCheckpoint(c, key)).toEqual({ throughSeq: 6, horizon: T0 });
    expect((await loadUnits(c, key)).map((unit) => (unit.kind === 'key' ? unit.key : unit.kind))).toEqual([
      'u2',
    ]);
  });

  it.each([
    [2, 'times as they are'],
    [3, 'traits as whole records'],
  ])('state saved in format %i (%s) still reads; the next save marks the current layout', async (older) => {
    const c = await client();
    await saveIn(c, key, { from: null, to: { throughSeq: 5, horizon: T0 }, units: [keyUnit('u1', null)] });
    const format = async () =>
      Number((await c.query<{ f: number }>('SELECT state_format AS f FROM incremental_checkpoints'))[0]?.f);
    expect(await format()).toBe(STATE_FORMAT);
    await c.run(`UPDATE incremental_checkpoints SET state_format = ${older}`);
    expect(await readCheckpoint(c, key)).toEqual({ throughSeq: 5, horizon: T0 });
    await saveIn(c, key, { from: 5, to: { throughSeq: 6, horizon: T0 }, units: [keyUnit('u2', null)] });
    expect(await format()).toBe(STATE_FORMAT);
    expect(await loadUnits(c, key)).toHaveLength(2);
  });

  it('a save replaces changed units and moves the checkpoint on from where it stood', async () => {
    const c = await client();
    await saveIn(c, key, {
      from: null,
      to: { throughSeq: 3, horizon: null },
      units: [keyUnit('u1', null)],
    });
    await saveIn(c, key, {
      from: 3,
      to: { throughSeq: 9, horizon: T0 },
      units: [keyUnit('u1', T0, false), keyUnit('u2', null)],
    });
    expect(await readCheckpoint(c, key)).toEqual({ throughSeq: 9, horizon: T0 });
    const loaded = await loadUnits(c, key);
    expect(loaded).toHaveLength(2);
    expect(loaded).toContainEqual(keyUnit('u1', T0, false).unit);
  });

  it('a save from a checkpoint that moved on meanwhile is refused, and nothing of it is kept', async () => {
    const c = await client();
    await saveIn(c, key, { from: null, to: { throughSeq: 5, horizon: T0 }, units: [keyUnit('u1', null)] });
    const stale = c.transaction((tx) =>
      saveState(tx, key, { from: 4, to: { throughSeq: 8, horizon: T0 }, units: [keyUnit('u9', null)] }),
    );
    await expect(stale).rejects.toBeInstanceOf(StaleStateError);
    await expect(
      saveIn(c, key, { from: null, to: { throughSeq: 8, horizon: T0 }, units: [] }),
    ).rejects.toThrow(/saved through row 5/);
    expect(await readCheckpoint(c, key)).toEqual({ throughSeq: 5, horizon: T0 });
    expect(await loadUnits(c, key)).toEqual([keyUnit('u1', null).unit]);
  });

  it('saves units taken a slice at a time, many slices, after a save that failed part-way', async () => {
    const c = await client();
    await saveIn(c, key, { from: null, to: { throughSeq: 2, horizon: T0 }, units: [keyUnit('u0', null)] });
    /** Hands out `units` in slices of at most the size asked, then throws when `failAfter` are out. */
    const slices = (units: readonly SavedUnit[], failAfter = Number.POSITIVE_INFINITY) => {
      let given = 0;
      return (max: number) => {
        if (given >= failAfter) throw new Error('the scorer failed mid-save');
        const slice = units.slice(given, given + max);
        given += slice.length;
        return slice;
      };
    };
    const failing = Array.from({ length: 900 }, (_, i) => keyUnit(`gone-${i}`, null));
    const failed = saveIn(c, key, {
      from: 2,
      to: { throughSeq: 3, horizon: T0 },
      units: slices(failing, 1),
    });
    await expect(failed).rejects.toThrow(/failed mid-save/);
    const units = Array.from({ length: 1_234 }, (_, i) => keyUnit(`u${i}`, i % 2 === 0 ? T0 + i : null));
    await expect(
      saveIn(c, key, { from: 2, to: { throughSeq: 4, horizon: T0 }, units: slices(units) }),
    ).resolves.toBe(1_234);
    expect(await readCheckpoint(c, key)).toEqual({ throughSeq: 4, horizon: T0 });
    const loaded = await loadUnits(c, key);
    expect(loaded).toHaveLength(1_234);
    expect(loaded).toEqual(expect.arrayContaining(units.map((saved) => saved.unit)));
    expect(await unitsDueBy(c, key, T0 + 4)).toEqual(['k:u0', 'k:u2', 'k:u4']);
  });

  it('gives way before each statement that writes units, and waits as long as it is asked to', async () => {
    const c = await client();
    const units = Array.from({ length: 1_234 }, (_, i) => keyUnit(`u${i}`, null));
    let pauses = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let done = false;
    const saving = saveIn(c, key, {
      from: null,
      to: { throughSeq: 5, horizon: T0 },
      units,
      pause: async () => {
        pauses++;
        if (pauses === 2) await held;
      },
    }).then((saved) => {
      done = true;
      return saved;
    });
    await until(() => pauses === 2, 'the second pause');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    release();
    await expect(saving).resolves.toBe(1_234);
    // Three staging slices of at most 500 units, then the upsert.
    expect(pauses).toBe(4);
    expect(await loadUnits(c, key)).toHaveLength(1_234);
  });

  it('a rebuild replaces every unit whatever the checkpoint; clearing forgets the version', async () => {
    const c = await client();
    await saveIn(c, key, { from: null, to: { throughSeq: 5, horizon: T0 }, units: [keyUnit('u1', null)] });
    await saveIn(c, { ...key, version: 'v2' }, { from: null, to: { throughSeq: 5, horizon: T0 }, units: [] });
    await saveIn(c, key, {
      from: null,
      to: { throughSeq: 6, horizon: T0 },
      units: [keyUnit('u2', null)],
      replace: true,
    });
    expect(await loadUnits(c, key)).toEqual([keyUnit('u2', null).unit]);
    await clearState(c, key);
    expect(await readCheckpoint(c, key)).toBeNull();
    expect(await loadUnits(c, key)).toEqual([]);
    expect(await readCheckpoint(c, { ...key, version: 'v2' })).not.toBeNull();
  });

  it('deletes the rows and checkpoints of retired versions only, in that workspace only', async () => {
    const c = await client();
    const save = (workspaceId: string, version: string) =>
      saveIn(
        c,
        { workspaceId, version },
        { from: null, to: { throughSeq: 4, horizon: T0 }, units: [keyUnit('u1', null), keyUnit('u2', T0)] },
      );
    for (const version of ['v1', 'v2', 'v3']) await save('ws', version);
    await save('other', 'v1');
    // v2 is live and v3 in shadow: v1's two rows and checkpoint go.
    expect(await clearRetiredVersions(c, 'ws', ['v2', 'v3'])).toBe(3);
    expect(await readCheckpoint(c, key)).toBeNull();
    expect(await loadUnits(c, key)).toEqual([]);
    for (const version of ['v2', 'v3']) {
      expect(await loadUnits(c, { workspaceId: 'ws', version })).toHaveLength(2);
    }
    expect(await readCheckpoint(c, { workspaceId: 'other', version: 'v1' })).not.toBeNull();
    expect(await clearRetiredVersions(c, 'ws', ['v2', 'v3'])).toBe(0);
    // No version left scoring the workspace: everything of it goes.
    expect(await clearRetiredVersions(c, 'ws', [])).toBe(6);
  });

  it('reads the checkpoint locked for the save, in the caller transaction', async () => {
    const c = await client();
    await saveIn(c, key, { from: null, to: { throughSeq: 5, horizon: T0 }, units: [] });
    const seen = await c.transaction(async (tx) => {
      const locked = await lockCheckpoint(tx, key);
      await saveState(tx, key, { from: 5, to: { throughSeq: 9, horizon: T0 + 1 }, units: [] });
      return locked;
    });
    expect(seen).toEqual({ throughSeq: 5, horizon: T0 });
    expect(await lockCheckpoint(c, { ...key, version: 'none' })).toBeNull();
    expect(await readCheckpoint(c, key)).toEqual({ throughSeq: 9, horizon: T0 + 1 });
  });
});
