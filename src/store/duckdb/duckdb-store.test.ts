import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { normalizeMessage } from '../../collect/normalize.ts';
import type { NormalizedMessage } from '../../collect/normalized-message.ts';
import { stateDatabaseFile } from '../data-dir.ts';
import { DuckDbStore } from './duckdb-store.ts';

const dir = tempDir();
afterAll(() => dir.remove());

function message(id: string): NormalizedMessage {
  const r = normalizeMessage(
    { type: 'track', userId: 'u', event: 'E', messageId: id },
    { receivedAt: Date.now(), endpointType: null, batchSentAt: null },
  );
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe('DuckDbStore dedupe across restarts', () => {
  it('remembers ids through a clean restart (snapshot) and through a stale snapshot plus later writes', async () => {
    const dataDir = join(dir.path, 'data');
    let store = await DuckDbStore.open(dataDir);
    await store.append('ws', [message('a'), message('b')], []);
    await store.close(); // writes the snapshot

    store = await DuckDbStore.open(dataDir);
    expect(await store.append('ws', [message('a'), message('c')], [])).toEqual({ stored: 1, duplicates: 1 });
    // A crash now would leave the older snapshot: simulate by keeping it and not closing cleanly.
    const stale = join(dataDir, 'dedupe-index.bin');
    const snapshotBytes = readFileSync(stale);
    await store.close();
    writeFileSync(stale, snapshotBytes);

    store = await DuckDbStore.open(dataDir);
    expect(await store.append('ws', [message('a'), message('b'), message('c'), message('d')], [])).toEqual({
      stored: 1,
      duplicates: 3,
    });
    await store.close();

    rmSync(stale); // no snapshot at all: the full read-back still knows every id
    store = await DuckDbStore.open(dataDir);
    expect(await store.append('ws', [message('d'), message('e')], [])).toEqual({ stored: 1, duplicates: 1 });
    expect((await store.stats('ws')).events.stored).toBe(5);
    await store.close();
  });
});

describe('DuckDbStore real-time state file', () => {
  it('keeps the incremental state in a database of its own beside the store, across a restart', async () => {
    const dataDir = join(dir.path, 'state');
    let store = await DuckDbStore.open(dataDir);
    const session = await store.database.session();
    // Sessions name the state's tables without their catalog, as the engine's SQL does.
    await session.run(
      `INSERT INTO incremental_checkpoints (workspace_id, definition_version, through_seq, horizon, state_format)
       VALUES ('ws', 'v1', 42, 7, 2)`,
    );
    await session.close();
    const tables = await store.database.client.query<{ database_name: string; table_name: string }>(
      "SELECT database_name, table_name FROM duckdb_tables() WHERE table_name LIKE 'incremental%' ORDER BY 2",
    );
    expect(tables).toEqual([
      { database_name: 'kindling_state', table_name: 'incremental_checkpoints' },
      { database_name: 'kindling_state', table_name: 'incremental_rows' },
    ]);
    await store.close();
    expect(existsSync(stateDatabaseFile(dataDir))).toBe(true);

    store = await DuckDbStore.open(dataDir);
    expect(
      await store.database.client.query('SELECT through_seq, horizon FROM incremental_checkpoints'),
    ).toEqual([{ through_seq: 42, horizon: 7 }]);
    await store.close();
  });
});
