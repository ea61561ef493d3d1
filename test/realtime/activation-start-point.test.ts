/**
 * Activation writes a version's start point before the activation itself (src/versions/): pending
 * for a version that is not running yet; kept for the shadow promoted to live; written again for a
 * version activated again after another one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { readStartPoint, recordBaselined } from '../../src/realtime/start-points.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { activate, saveVersion } from '../../src/versions/index.ts';
import { HAND_RAISER_YAML } from '../support/crash-rig.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
let store: DuckDbStore;
const T0 = Date.UTC(2026, 5, 1);

beforeAll(async () => {
  store = await DuckDbStore.open(dir.path);
});

afterAll(async () => {
  await store.close();
  dir.remove();
});

/** A distinct version per name (its tier threshold differs with the name's length). */
async function saved(name: string) {
  const source = HAND_RAISER_YAML.replace('name: demo-requests', `name: ${name}`).replace(
    'hot: 30',
    `hot: ${name.length}`,
  );
  const { ir } = loadDefinition(source, `${name}.yml`);
  if (ir === null) throw new Error('must load');
  return (await saveVersion(store.database.client, source, ir, T0)).version;
}

describe('activation and start points', () => {
  it('starts a version that is not running, keeps a promoted shadow, and starts a returning version again', async () => {
    const db = store.database.client;
    const a = await saved('version-a');
    const b = await saved('version-bb');
    const start = (version: string) => readStartPoint(store.database.client, { workspaceId: 'ws', version });

    expect((await activate(db, 'ws', 'live', a, null, T0)).ok).toBe(true);
    expect(await start(a)).toMatchObject({ startedAt: T0, baselinedAt: null });

    expect((await activate(db, 'ws', 'shadow', b, null, T0 + 1)).ok).toBe(true);
    await recordBaselined(
      store.database.client,
      { workspaceId: 'ws', version: b },
      { startedAt: T0 + 1, throughSeq: 0 },
      T0 + 2,
    );
    expect((await activate(db, 'ws', 'live', b, 'promote', T0 + 3)).ok).toBe(true);
    expect(await start(b)).toMatchObject({ startedAt: T0 + 1, baselinedAt: T0 + 2 });

    expect((await activate(db, 'ws', 'live', a, 'back', T0 + 4)).ok).toBe(true);
    expect(await start(a)).toMatchObject({ startedAt: T0 + 4, baselinedAt: null });
  });
});
