/**
 * BENCH_PRELOAD_EVENTS: fills the bench's data directory, before the server starts, with that many
 * events of the demo generator (the same data as `kindling demo-data`, ending now), imported into the
 * scored workspace through the real importers, so a run measures real-time cost over a stored history.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DemoData, generateDemo } from '../../src/demo/generate-demo.ts';
import { importDemo } from '../../src/demo/import-demo.ts';
import type { DemoMessage } from '../../src/demo/segment-message.ts';
import { writeDemo } from '../../src/demo/write-demo.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';

/** The generator gives 110–135 events per user over 90 days at scale: sized from 100, the stream is cut at the count. */
const EVENTS_PER_USER = 100;
const USERS_PER_ACCOUNT = 10;
const DAYS = 90;

export interface Preloaded {
  /** Events stored, as the importer counts them (a duplicate or invalid line would be left out). */
  readonly events: number;
  readonly generated: number;
  readonly users: number;
  readonly seconds: number;
}

export async function preloadDemoEvents(
  dataDir: string,
  options: { readonly events: number; readonly workspaceId: string; readonly scratchDir: string },
): Promise<Preloaded> {
  const started = performance.now();
  const now = Date.now();
  const scratch = join(options.scratchDir, 'preload');
  let users = Math.max(100, Math.ceil(options.events / EVENTS_PER_USER));
  let files = await writeDemo(firstMessages(demo(users, now), options.events), { dir: scratch, gzip: false });
  // Small populations give fewer events per user: grow it until the stream reaches the count.
  for (let attempt = 0; files.events < options.events && attempt < 3; attempt++) {
    users = Math.ceil((users * options.events * 1.1) / Math.max(1, files.events));
    files = await writeDemo(firstMessages(demo(users, now), options.events), { dir: scratch, gzip: false });
  }
  const store = await DuckDbStore.open(dataDir);
  try {
    const imported = await importDemo(store, files, { workspaceId: options.workspaceId, receivedAt: now });
    // A live store received each event as it happened: only the last week's message ids are in the
    // dedupe window. Stamped "received now", all of them would be, and the server would hold an
    // index of every preloaded id — a memory figure no real store of this size has.
    await store.database.client.run('UPDATE events SET received_at = ts WHERE workspace_id = $1', [
      options.workspaceId,
    ]);
    return {
      events: imported.events.stored,
      generated: imported.events.read,
      users,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await store.close();
    // The snapshot closing wrote holds the import's ids; the next open rebuilds it from received_at.
    rmSync(join(resolve(dataDir), 'dedupe-index.bin'), { force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

const demo = (users: number, endAt: number): DemoData =>
  generateDemo({
    users,
    accounts: Math.max(10, Math.round(users / USERS_PER_ACCOUNT)),
    days: DAYS,
    seed: 1,
    endAt,
  });

/** The demo with its message stream cut after `count` messages (whole accounts come first). */
function firstMessages(data: DemoData, count: number): DemoData {
  return {
    ...data,
    *messages(): Generator<DemoMessage> {
      let given = 0;
      for (const message of data.messages()) {
        if (given++ >= count) return;
        yield message;
      }
    },
  };
}
